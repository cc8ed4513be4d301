"""ipywidgets views over questions and over the case: question cards, quizzes, exercises."""
from .alliance import AllianceBuilder, BalanceCheck
from .cards import QuestionCard
from .quiz import Exercise, Quiz, alliance_exercise, attribution_quiz

__all__ = ["AllianceBuilder", "BalanceCheck", "Exercise", "QuestionCard", "Quiz", "alliance_exercise",
           "attribution_quiz"]
