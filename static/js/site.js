/* Progressive enhancement, nothing more: without JavaScript the navigation and the catalogue
 * filters are simply shown.
 * - Phone: the main navigation collapses behind a "Menu" button (aria-expanded tells its state).
 * - Catalogue: the filters sit in an open <details>; on phones it is closed on load unless a
 *   filter is in use.
 * - Forms: an element with data-show-when="name=value" (e.g. the checkout's organisation
 *   fields) is hidden while the form's radio button `name` has another value checked. Without
 *   the script every field shows; the server decides what is required either way.
 * - Lessons: an embedded video (data-video-embed) is a placeholder until its play button is
 *   pressed; only then is the player (youtube-nocookie.com or Vimeo with dnt=1) loaded, so no
 *   third-party cookie is set before the visitor chooses to watch. Without the script the
 *   placeholder links to the video and the transcript is on the page. */
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 60rem)");
  var header = document.querySelector(".site-header");
  var button = document.querySelector(".menu-button");
  if (header && button) {
    header.classList.add("has-menu-button");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      header.classList.toggle("menu-open", !open);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("menu-open") && !wide.matches) {
        button.setAttribute("aria-expanded", "false");
        header.classList.remove("menu-open");
        button.focus();
      }
    });
  }
  document.querySelectorAll("[data-show-when]").forEach(function (part) {
    var rule = part.getAttribute("data-show-when").split("=");
    var form = part.closest("form");
    if (!form || rule.length !== 2) {
      return;
    }
    var radios = form.querySelectorAll('input[type="radio"][name="' + rule[0] + '"]');
    var update = function () {
      var checked = form.querySelector('input[type="radio"][name="' + rule[0] + '"]:checked');
      part.hidden = !checked || checked.value !== rule[1];
    };
    radios.forEach(function (radio) {
      radio.addEventListener("change", update);
    });
    update();
  });
  document.querySelectorAll("[data-video-embed]").forEach(function (frame) {
    var play = frame.querySelector(".video-play");
    if (!play) {
      return;
    }
    play.addEventListener("click", function () {
      var player = document.createElement("iframe");
      player.src = frame.getAttribute("data-video-embed") + (frame.getAttribute("data-video-embed").indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
      player.title = frame.getAttribute("data-video-title") || "";
      player.allow = "autoplay; fullscreen; picture-in-picture";
      player.setAttribute("allowfullscreen", "");
      frame.replaceChildren(player);
      player.focus();
    });
  });
  var filters = document.querySelector("details.filters-disclosure");
  if (filters && !window.matchMedia("(min-width: 48rem)").matches && !filters.hasAttribute("data-active")) {
    filters.open = false;
  }
})();
