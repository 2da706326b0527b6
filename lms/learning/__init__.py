"""Learning inside the platform: progress through a module's lessons (issue 18).

Lessons are pages (``courses.LessonPage``); this app keeps what a participant did with them
and answers who may read them. It sits on ``lms.enrolment`` and never imports the CMS: the
lesson and module page models are reached through foreign keys.
"""
