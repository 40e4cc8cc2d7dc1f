"""nbgrader's configuration for the tapekit course (run nbgrader from this folder).

``source/`` is generated: ``python tools/make_assignments.py`` writes one assignment per lesson
and language (``derivatives_en``, ``derivatives_zh``, ...: named by the lesson's stem in
notebooks/lessons.json, so renumbering the lessons renames none) from the lessons and
``notebooks/solutions/``; edit those, never ``source/``.  See notebooks/README.md, "For
teachers".
"""

import os

c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = os.environ.get("TAPEKIT_COURSE_ID", "tapekit")
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
# The gradebook: a file beside this one unless TAPEKIT_GRADEBOOK names another database
# (the tests put theirs in a temporary directory).
c.CourseDirectory.db_url = os.environ.get(
    "TAPEKIT_GRADEBOOK", "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
)
# The exchange where `nbgrader release_assignment` puts assignments and students' submissions
# arrive; on the hub it is a folder every user can write (hub/jupyterhub_config.py makes it).
c.Exchange.root = os.environ.get("TAPEKIT_EXCHANGE", "/srv/nbgrader/exchange")
# Solutions are replaced by this stub; the tests after an answer then fail with NameError or
# NotImplementedError, which scores zero without stopping the grading of the other cells.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
# Lesson 05's solutions run the optimizers for a while; a cell stuck longer than this is cut off.
c.ExecutePreprocessor.timeout = 120
