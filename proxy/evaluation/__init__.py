"""The evaluation harness behind ``askproxy eval``: execution accuracy of ASK on a question set.

``questions`` reads the JSONL, ``predictor`` defines what produces SQL (through the proxy, or
in process later), ``compare`` decides whether two result sets are the same answer,
``exact_match`` whether two queries are the same query (Spider's exact set match, with
``sql_scope`` resolving which table a column reads), ``runner`` drives one pass, ``report``
summarises it and ``cli`` wires the command.
"""

from proxy.evaluation.compare import Comparison, compare_results
from proxy.evaluation.exact_match import ExactMatch, QueryShape, exact_match, query_shape
from proxy.evaluation.predictor import Prediction, Predictor, ProxyPredictor
from proxy.evaluation.questions import EvalQuestion, load_questions
from proxy.evaluation.report import EvalSummary, summarise
from proxy.evaluation.runner import QuestionResult, run_evaluation

__all__ = [
    "Comparison", "EvalQuestion", "EvalSummary", "ExactMatch", "Prediction", "Predictor", "ProxyPredictor",
    "QueryShape", "QuestionResult", "compare_results", "exact_match", "load_questions", "query_shape",
    "run_evaluation", "summarise",
]
