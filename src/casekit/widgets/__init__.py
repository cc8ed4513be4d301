"""ipywidgets views over questions and over the case: question cards, quizzes, exercises."""
from .cards import QuestionCard
from .quiz import Exercise, Quiz, attribution_quiz

__all__ = ["Exercise", "QuestionCard", "Quiz", "attribution_quiz"]
