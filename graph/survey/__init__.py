"""Netzwerkbefragung: survey answers, name matching, the review queue, reciprocity and rounds.

Answers (a survey file, a LimeSurvey export, a self-check link, the app) never
enter the graph directly: each named partner becomes a :class:`~graph.survey.model.ReviewItem`
in the review queue, with the actor the matcher proposes; a person decides,
and only then is the cooperation written (``graph.db.survey.SurveyStore``).
"""
