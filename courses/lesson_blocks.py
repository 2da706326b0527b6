"""The blocks of a lesson's body: text, images with alt text, documents, and video.

Video follows two rules so that nobody is tracked or left out before they choose to watch:

- an *embedded* video (YouTube or Vimeo) needs a transcript, and is shown as a placeholder
  that loads the player only after a click, from ``youtube-nocookie.com`` or with Vimeo's
  ``dnt=1`` (so no third-party cookie is set before that click; the Content Security Policy
  allows frames from exactly these two origins);
- a *self-hosted* video (an uploaded document) needs a WebVTT captions file (WCAG 2.1
  success criterion 1.2.2, captions for prerecorded media).

A lesson cannot be published while a video block breaks a rule: the block's ``clean`` raises
a ``ValidationError`` that Wagtail shows on the block.
"""

import re
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^\d{6,12}$")
VIDEO_EXTENSIONS = (".mp4", ".webm")


def privacy_embed_url(url: str) -> str | None:
    """The privacy-friendly player address for a YouTube or Vimeo ``url``, or ``None``.

    ``https://www.youtube.com/watch?v=ID``, ``https://youtu.be/ID`` and
    ``https://www.youtube.com/embed/ID`` become ``https://www.youtube-nocookie.com/embed/ID``;
    ``https://vimeo.com/NUMBER`` becomes ``https://player.vimeo.com/video/NUMBER?dnt=1``.
    Any other address gives ``None``.
    """
    parts = urlparse(url or "")
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    video_id = ""
    if host in ("youtube.com", "youtube-nocookie.com"):
        query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
        video_id = query.get("v", "") or parts.path.rstrip("/").split("/")[-1]
        if _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "youtu.be":
        video_id = parts.path.strip("/")
        if _YOUTUBE_ID.match(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host in ("vimeo.com", "player.vimeo.com"):
        video_id = parts.path.rstrip("/").split("/")[-1]
        if _VIMEO_ID.match(video_id):
            return f"https://player.vimeo.com/video/{video_id}?dnt=1"
    return None


class EmbeddedVideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video, loaded only after a click, with a required transcript."""

    url = blocks.URLBlock(label=_("Video address (YouTube or Vimeo)"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    transcript = blocks.TextBlock(
        label=_("Transcript"),
        help_text=_("What is said and shown, for people who cannot or will not play the video."),
    )

    class Meta:
        icon = "media"
        label = _("Embedded video")
        template = "courses/blocks/embedded_video.html"

    def clean(self, value):
        value = super().clean(value)
        if privacy_embed_url(value.get("url")) is None:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _(
                            "Give the address of a YouTube or Vimeo video, e.g. https://vimeo.com/123456789."
                        )
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = privacy_embed_url(value.get("url"))
        return context


class SelfHostedVideoBlock(blocks.StructBlock):
    """An uploaded video (MP4 or WebM document) with its WebVTT captions (required)."""

    video = DocumentChooserBlock(label=_("Video file (MP4 or WebM)"))
    captions = DocumentChooserBlock(label=_("Captions (WebVTT, .vtt)"))
    title = blocks.CharBlock(label=_("Title"), max_length=200)

    class Meta:
        icon = "media"
        label = _("Uploaded video")
        template = "courses/blocks/self_hosted_video.html"

    def clean(self, value):
        value = super().clean(value)
        errors = {}
        video, captions = value.get("video"), value.get("captions")
        if video and not video.filename.lower().endswith(VIDEO_EXTENSIONS):
            errors["video"] = ValidationError(_("Choose an MP4 or WebM file."))
        if captions and not captions.filename.lower().endswith(".vtt"):
            errors["captions"] = ValidationError(_("Choose a WebVTT captions file (.vtt)."))
        if errors:
            raise blocks.StructBlockValidationError(block_errors=errors)
        return value


class DocumentBlock(blocks.StructBlock):
    """A document to download, with a line on what it is."""

    document = DocumentChooserBlock(label=_("Document"))
    description = blocks.CharBlock(label=_("Description"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "courses/blocks/document.html"


def lesson_body_blocks() -> list:
    """The blocks a lesson's body is made of (a fresh list for each StreamField)."""
    return [
        ("text", blocks.RichTextBlock(label=_("Text"))),
        ("image", ImageBlock(label=_("Image"))),
        ("document", DocumentBlock()),
        ("embedded_video", EmbeddedVideoBlock()),
        ("uploaded_video", SelfHostedVideoBlock()),
    ]
