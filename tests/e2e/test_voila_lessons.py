"""Every lesson in the student view (Voila), as the Binder and hub links open it: what the student sees,
axe over the outputs, and each wide table a named region on a phone-sized screen."""
from __future__ import annotations

import pytest
from test_browser import LESSONS, lesson_in_the_student_view


@pytest.mark.parametrize("path", LESSONS)
def test_lesson_in_the_student_view(page, lab, path):
    lesson_in_the_student_view(page, lab, path)
