"""Server-side grading of a lesson's questions.

Answers are keyed by the StreamField block id, which stays stable when a trainer reorders or
edits the lesson, so stored attempts keep pointing at the right question.
"""

from dataclasses import dataclass, field

from django.utils.html import strip_tags

from .blocks import QUESTION_BLOCK_TYPES


@dataclass
class QuestionResult:
    block_id: str
    question: str
    selected: set = field(default_factory=set)
    correct_keys: set = field(default_factory=set)
    is_correct: bool = False


@dataclass
class QuizResult:
    questions: list
    score_percent: int

    @property
    def correct_count(self):
        return sum(1 for q in self.questions if q.is_correct)

    @property
    def total(self):
        return len(self.questions)

    def as_answers(self):
        """JSON-ready record of what was answered, with the question text for later reading."""
        return {
            q.block_id: {
                "question": q.question,
                "selected": sorted(q.selected),
                "correct": q.is_correct,
            }
            for q in self.questions
        }


def question_children(lesson):
    return [child for child in lesson.body if child.block_type in QUESTION_BLOCK_TYPES]


def grade(lesson, submitted):
    """Grade ``submitted`` ({block_id: iterable of option keys}) against the lesson's questions.

    A question counts as correct only when exactly the correct options were chosen (partial
    credit on multiple choice would let guessing everything pass)."""
    results = []
    for child in question_children(lesson):
        keys = child.block.correct_keys(child.value)
        valid = {key for key, _text in child.block.option_list(child.value)}
        selected = {str(key) for key in submitted.get(child.id, ())} & valid
        results.append(
            QuestionResult(
                block_id=child.id,
                question=str(child.value["question"]),
                selected=selected,
                correct_keys=keys,
                is_correct=bool(selected) and selected == keys,
            )
        )
    total = len(results)
    score = round(100 * sum(r.is_correct for r in results) / total) if total else 100
    return QuizResult(questions=results, score_percent=score)


def lesson_plain_text(lesson):
    """Text of the lesson body for the search index (questions included, answers not marked)."""
    parts = []
    for child in lesson.body:
        parts.extend(
            strip_tags(str(text)) for text in child.block.get_searchable_content(child.value)
        )
    return " ".join(parts)
