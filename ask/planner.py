"""The ASK planner: question in, one validated SQL statement out (nothing runs here).

Steps: the role's schema context (cached), value links (the schema's low-cardinality values
plus, for translators that take links, stored values probed in the database:
:mod:`ask.context.value_probe`), the translation cache, the translator under a timeout, then each candidate in rank order through static validation and, optionally, an
execution-guided check (after the grounding repairs: :mod:`ask.checks.grounding`,
:mod:`ask.checks.relink`), ``EXPLAIN <sql>`` on the caller's own session, which lets PostgreSQL
catch what static checks cannot (type errors, ambiguous columns, permissions) without running
anything. The first candidate that passes wins and is cached; failures are never cached. When none
passes and the translator can decode wider (:class:`WideningTranslator`, beam search after
greedy), the new candidates get the same checks; the wider decode also runs when the winner
compares against a number the question never states (:mod:`ask.checks.grounding`) or is about
a table or column the question does not name (:mod:`ask.context.subjects`), and then a valid
candidate with fewer such defects is preferred. With refusal on, a model answer the model is
unsure of that still has defects after that (and no clean reading to take its place) is
refused, not answered: on schemas unlike the model's training data such answers were never right
(``eval/model_audit.py``). The checks of one candidate read as tables,
in the order they run: ``GROUNDING``, ``REPAIRS``, validation, ``EXPLAIN``; then ``DEFECTS``.

A question a role was taught (:mod:`ask.context.examples`: equal to a question in ``askproxy.examples``
that the role may read, after normalisation, or a close paraphrase of one, its values re-bound:
:mod:`ask.context.example_match`) is answered with the taught SQL before any of this: no model
runs, and the SQL gets the same static validation as a cached translation.

Before any of that is translated, a question that does not map onto the caller's schema (a
request to change data, gibberish, a question about something the schema does not hold) is
refused with :class:`QuestionNotAnswerable` (:mod:`ask.context.refusal`; ``refuse_unanswerable``).

Errors keep their meaning for the client: a translator's own :class:`AskError` passes
through, anything else it raises becomes :class:`EngineFailure`; one rejected candidate is
reported as that rejection, several as :class:`UntranslatableQuestion` listing each one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from ask import sense_warmup, timing
from ask.checks.answer_shape import shape_defects
from ask.checks.dialect import repair
from ask.context.examples import (CheckedExamples, Example, ExampleIndex, ExampleStore, Found,
                                  without_examples_table)
from ask.context.framework_tables import without_framework_tables
from ask.checks.parsed import ParsedSQL
from ask.checks.grounding import (ground_period, ground_threshold, snap_literals, ungrounded_numbers,
                                  value_defects)
from ask.context import self_examples
from ask.foreground import FOREGROUND
from ask.context.refusal import Refusal, assess, made_up, unknown_names
from ask.checks.relink import relink_values
from ask.schema import SchemaContext
from ask.context.introspection import SchemaCache
from ask.schema_prep import is_prepared, prepare
from ask.checks.subject_defects import subject_defects
from ask.checks.unheld_words import unheld_words
from ask.translate.translation_cache import TranslationCache, TranslationKey, translation_key
from ask.translate.sketch import Reading, read_question
from ask.translate.sketch.taught import TaughtLexicon
from ask.translate.taught_lexicon import leaves_out, taught_lexicon, taught_words
from ask.translate.translator import Candidate, LinkingTranslator, Translator, WideningTranslator
from ask.upstream import Upstream, UpstreamQueryError
from ask.checks.validator import validate
from ask.context.value_linking import ValueMatch, link_values, merge_matches
from ask.translate.value_senses import sense_links
from ask.context.value_probe import ValueProbe
from ask.errors import (AskError, AskTimeout, AskUnavailable, EngineFailure, QuestionNotAnswerable, RejectedSQL,
                          UntranslatableQuestion)

log = logging.getLogger(__name__)

# SQLSTATE classes that say something about the session, not about the candidate: an EXPLAIN
# failing so is relayed as is instead of rejecting one candidate after another.
_SESSION_FAILURES = ("08", "25", "40", "53", "57", "58", "XX")


@dataclass(frozen=True, slots=True)
class Question:
    """What the steps of a candidate's checks may look at besides the candidate itself."""

    text: str
    schema: SchemaContext
    links: Sequence[ValueMatch]
    taught: TaughtLexicon | None = None     # what the role's taught examples say its words mean
    by_sense: bool = False                  # the reader places unspelt words by sense ([ask] sense_placement)


# A candidate's way through the checks, in order: GROUNDING, then REPAIRS, then
# ask.checks.validator.validate, then EXPLAIN on the caller's session (AskPlanner._check); the winner
# then goes through DEFECTS. Each step takes the candidate (ParsedSQL, parsed once and shared)
# and returns it, changed or not; a defect check returns how many defects it found. The names
# are looked up when a step runs, so a test can replace one.

# What the question states, copied in (best effort: should one fail, the candidate goes on as
# generated): near-miss copies of linked values snapped to the stored spelling, a value's filter
# moved to the table it was linked to, one wrong threshold, one wrong rolling window.
GROUNDING: tuple[tuple[str, Callable[[ParsedSQL, Question], ParsedSQL]], ...] = (
    ("snap_literals", lambda sql, q: snap_literals(sql, q.links, q.schema)),
    ("relink_values", lambda sql, q: relink_values(sql, q.links, q.schema)),
    ("ground_threshold", lambda sql, q: ground_threshold(sql, q.text)),
    ("ground_period", lambda sql, q: ground_period(sql, q.text)),
)

# Spellings PostgreSQL rejects for dialect reasons alone, rewritten (ask.checks.dialect).
REPAIRS: tuple[tuple[str, Callable[[ParsedSQL], ParsedSQL]], ...] = (
    ("dialect", lambda sql: repair(sql)),
)

# How far a valid answer strays from the question (a wider decode may find one with fewer):
# numbers it never states, subjects it never names, named values compared with the wrong
# column or ignored, the wrong shape (no DISTINCT, ratio or count where one is asked for).
DEFECTS: tuple[tuple[str, Callable[[ParsedSQL, Question], int]], ...] = (
    ("ungrounded_numbers", lambda sql, q: len(ungrounded_numbers(sql, q.text))),
    ("subjects", lambda sql, q: subject_defects(sql, q.text, q.schema, q.links)),
    ("values", lambda sql, q: value_defects(sql, q.links)),
    ("answer_shape", lambda sql, q: shape_defects(sql, q.text, q.schema, q.links)),
)
# Candidates from elsewhere than the model: the question read straight onto the schema
# (ask.translate.sketch), offered when no model candidate passes the checks, and in place of a
# winner with defects when the reading has none and accounts for nearly every word.
READERS: tuple[tuple[str, Callable[[Question], Reading | None]], ...] = (
    ("plain_reading", lambda q: read_question(q.text, q.schema, q.links, q.taught, q.by_sense)),
)
# When a reading goes first: it accounts for at least READ_FIRST_COVERAGE of the question's
# content words and the model is not confident (its best candidate's mean token log-probability
# below MODEL_CONFIDENT_SCORE: the model is sure of schemas like those it was trained on and
# unsure elsewhere). Otherwise a reading with that coverage is the fallback when no model
# candidate passes, and replaces a winner with defects when it covers REPLACING_COVERAGE.
# Chosen on development sets (eval/demo.jsonl and half the Spider dev databases; see the model
# card); the other half, eval/holdout.jsonl and the unseen-analyst set measure it.
READ_FIRST_COVERAGE = 0.75
MODEL_CONFIDENT_SCORE = -0.06
REPLACING_COVERAGE = 0.9
# A taught example's SQL adapted to an untaught question of the same structure (another period
# unit, another column of the same table, other values: ask.context.example_adapt), tried
# before the model with every check model SQL gets, never cached (the examples a role may read
# decide it, per ASK). Empty when skipped.
Adapter = Callable[[ExampleIndex, str, Sequence[ValueMatch], SchemaContext], Found | None]
ADAPTERS: tuple[tuple[str, Adapter], ...] = (("adapted_example", ExampleIndex.adapt),)
# A taught example standing for a question said in words the schema does not spell
# (ask.context.example_place), checked like the adapted ones; only where the
# question would be refused before translation, or the model is unsure of it (then before any
# reading). Empty when skipped.
PLACERS: tuple[tuple[str, Adapter], ...] = (("placed_example", ExampleIndex.placed),)
# Examples the proxy wrote itself over the caller's schema context (ask.context.self_examples):
# after every taught example, a near-exact match only, checked as model SQL and dropped when it
# has a defect; never cached. Empty when skipped.
Generated = Callable[[str, Sequence[ValueMatch], SchemaContext], Found | None]
GENERATED: tuple[tuple[str, Generated], ...] = (("generated_example", self_examples.match),)
# What a model's winning answer must hold of the question: the words naming something the
# schema does not know that the SQL spells nowhere (ask.checks.unheld_words); those the
# question's reading does not place either refuse it, before anything runs. Empty when skipped.
Holds = Callable[[ParsedSQL, Question], tuple[str, ...]]
HOLDS: tuple[tuple[str, Holds], ...] = (
    ("unheld_words", lambda sql, q: unheld_words(sql, q.text, q.schema, q.links, taught_words(q.taught))),
)
STEP_NAMES = frozenset(name for table in (GROUNDING, REPAIRS, DEFECTS, READERS, ADAPTERS, GENERATED,
                                          PLACERS, HOLDS) for name, _ in table)


@dataclass(frozen=True)
class Steps:
    """The step tables a planner runs: all of them, or all but some (``[ask] skip_steps``, for
    measuring what each step is worth on a question set)."""
    grounding: tuple[tuple[str, Callable[[ParsedSQL, Question], ParsedSQL]], ...] = GROUNDING
    repairs: tuple[tuple[str, Callable[[ParsedSQL], ParsedSQL]], ...] = REPAIRS
    defects: tuple[tuple[str, Callable[[ParsedSQL, Question], int]], ...] = DEFECTS
    readers: tuple[tuple[str, Callable[[Question], Reading | None]], ...] = READERS
    adapters: tuple[tuple[str, Adapter], ...] = ADAPTERS
    generated: tuple[tuple[str, Generated], ...] = GENERATED
    by_sense: bool = False      # the readers place words the schema does not spell by MiniLM sense
    placers: tuple[tuple[str, Adapter], ...] = PLACERS
    holds: tuple[tuple[str, Holds], ...] = HOLDS

    @classmethod
    def without(cls, skipped: frozenset[str], by_sense: bool = False) -> "Steps":
        unknown = skipped - STEP_NAMES
        if unknown:
            raise ValueError(f"unknown planner steps {sorted(unknown)}; known: {sorted(STEP_NAMES)}")
        return cls(tuple(s for s in GROUNDING if s[0] not in skipped),
                   tuple(s for s in REPAIRS if s[0] not in skipped),
                   tuple(s for s in DEFECTS if s[0] not in skipped),
                   tuple(s for s in READERS if s[0] not in skipped),
                   tuple(s for s in ADAPTERS if s[0] not in skipped),
                   tuple(s for s in GENERATED if s[0] not in skipped), by_sense,
                   tuple(s for s in PLACERS if s[0] not in skipped),
                   tuple(s for s in HOLDS if s[0] not in skipped))


ALL_STEPS = Steps()


@dataclass(frozen=True, slots=True)
class Plan:
    sql: str
    score: float
    schema: SchemaContext
    cached: bool = False
    rejected: tuple[tuple[str, str], ...] = ()    # (candidate SQL, why it was rejected)
    parsed: ParsedSQL | None = field(default=None, compare=False, repr=False)   # sql's trees
    example_id: int | None = None                 # the taught example it came from, if any
    reading: bool = False                         # read from the question's words, no model
    adapted: bool = False                         # example_id's SQL adapted to the question
    generated: bool = False                       # from an example the proxy wrote itself


class AskPlanner:
    def __init__(self, translator: Translator | None, schema_cache: SchemaCache,
                 translation_cache: TranslationCache, *, translate_timeout_s: float,
                 explain_check: bool = True, value_probe: ValueProbe | None = None,
                 unavailable_reason: str | None = None, refuse_unanswerable: bool = True,
                 examples: ExampleStore | None = None, steps: Steps = ALL_STEPS) -> None:
        self._examples = examples
        self._checked_examples = CheckedExamples()
        self._translator = translator
        self._unavailable_reason = unavailable_reason   # why translator is None, when known
        self._probe = value_probe
        self._schemas = schema_cache
        self._translations = translation_cache
        self._timeout_s = translate_timeout_s
        self._explain_check = explain_check
        self._refuse_unanswerable = refuse_unanswerable
        self._steps = steps

    async def plan(self, question: str, upstream: Upstream) -> Plan:
        with FOREGROUND.running():      # background builds (a wide schema's examples) wait meanwhile
            return await self._plan(question, upstream)

    async def _plan(self, question: str, upstream: Upstream) -> Plan:
        if self._examples is None:     # nothing to answer without a model: fail before any read
            self._require_translator()
        with timing.stage("schema"):
            schema = await self._schemas.get(upstream)
        examples = (await self._examples.visible(schema, upstream)
                    if self._examples is not None else None)
        taught = await self._taught(question, schema, examples, upstream)
        if taught is not None:
            return taught
        schema = without_framework_tables(without_examples_table(schema))
        translator = self._require_translator()
        if not is_prepared(schema):       # a new schema version: derive, off the loop
            with timing.stage("schema"):
                await asyncio.to_thread(prepare, schema, self._preparers(translator))
            if self._steps.by_sense:        # its names' MiniLM vectors, before a question needs them
                sense_warmup.warm(schema)
        matches, probed = await self._link(translator, question, schema, upstream)
        lexicon = await _lexicon(examples, schema)
        if matches is not None:
            links = matches
        else:
            with timing.stage("link", on_loop=True):
                links = link_values(" ".join(question.split()), schema)
            links = await self._sensed(question, schema, links)
        try:
            if self._steps.by_sense:
                with timing.stage("link"):  # off the loop: the reader it asks may run MiniLM (sketch.semantic)
                    await asyncio.to_thread(self._refuse, question, schema, links, lexicon)
            else:
                with timing.stage("link", on_loop=True):    # lexical: well under a millisecond
                    self._refuse(question, schema, links, lexicon)
        except QuestionNotAnswerable:
            placed = await self._adapted(question, examples, schema, upstream, links,
                                         self._steps.placers)
            if placed is None:
                raise
            return placed
        with timing.stage("link", on_loop=True):
            key = translation_key(question, schema)
        if lexicon:
            # A reading depends on what was taught: a new lexicon is a new translation.
            key = replace(key, fingerprint=f"{key.fingerprint}+t{lexicon.digest}")
        if probed:
            # Probed links come from data, not the schema: a new one is a new translation.
            digest = hashlib.sha256(repr(sorted((m.table, m.column, m.value, m.start, m.end)
                                                 for m in probed)).encode()).hexdigest()[:12]
            key = replace(key, fingerprint=f"{key.fingerprint}+{digest}")
        # Before the translation cache: a question translated before an example was taught
        # gets the adapted example from then on, as a taught or paraphrased one does.
        adapted = await self._adapted(question, examples, schema, upstream, links)
        if adapted is not None:
            return adapted
        generated = await self._generated(question, schema, upstream, links)
        if generated is not None:
            return generated
        with timing.stage("checks", on_loop=True):
            cached = self._from_cache(key, schema)
        if cached is not None:
            return cached
        candidates = await self._translate(translator, question, schema, matches)
        tried = {c.sql for c in candidates}
        readings = _Readings(question, schema, links, self._steps, lexicon)
        holding = readings if self._refuse_unanswerable else None    # what the model's answer must hold
        if candidates[0].score < MODEL_CONFIDENT_SCORE:
            # Unsure: a taught example the question says in other words knows better than a
            # reading of its words (which may place them, and the question, otherwise)
            placed = await self._adapted(question, examples, schema, upstream, links,
                                         self._steps.placers)
            if placed is not None:
                return placed
            readable = await readings.covering(READ_FIRST_COVERAGE, placing=True)
            if readable:
                with contextlib.suppress(RejectedSQL, UntranslatableQuestion):
                    return await self._choose(readable, question, schema, upstream, key, links,
                                              reading=True)
            elif self._refuse_unanswerable and self._steps.readers:
                # Unsure, and nothing placed the question on the schema: on schemas unlike its
                # training data that answer is nearly always wrong, and a clear refusal is
                # better than wrong rows (measured in the model card)
                raise await readings.unplaced()
        try:
            plan = await self._choose(candidates, question, schema, upstream, key, links,
                                      scored=True, holding=holding)
        except (RejectedSQL, UntranslatableQuestion) as first:
            # Every candidate failed validation: decode again, wider (beam search after
            # greedy), and try what is new. Costs latency only on the rare failing question.
            failure: AskError = first
            fresh = await self._wider(translator, question, schema, matches, tried)
            if fresh:
                try:
                    widened = await self._choose(fresh, question, schema, upstream, key, links,
                                                 scored=True, holding=holding)
                    left = widened.parsed.made(_DEFECTS) if widened.parsed is not None else None
                    if not self._unfit(widened, left or 0):
                        return widened
                    failure = self._refusal(widened, left or 0, key)   # a reading, else refused
                except (RejectedSQL, UntranslatableQuestion) as exc:
                    failure = exc
            readable = await readings.covering(READ_FIRST_COVERAGE)
            if readable:
                with contextlib.suppress(RejectedSQL, UntranslatableQuestion):
                    return await self._choose(readable, question, schema, upstream, key, links,
                                              reading=True)
            raise failure
        defects = plan.parsed.made(_DEFECTS) if plan.parsed is not None else None
        if defects is None:     # counted with the winner's checks, in the same worker thread
            with timing.stage("checks"):
                defects = await asyncio.to_thread(_defects, plan.parsed or ParsedSQL(plan.sql),
                                                  question, schema, links, self._steps)
        if defects:
            # The winner is about something the question does not name (it ranks products
            # when asked for customers) or compares against a number the question never
            # states ("under 500" written as ``< 5000``): decode wider once, and a valid
            # candidate with fewer such defects wins; otherwise the plan (already cached) stays.
            fresh = await self._wider(translator, question, schema, matches, tried)
            with timing.stage("checks"):
                scored = await asyncio.to_thread(_score_defects, fresh, question, schema, links,
                                                 self._steps)
            better = [(c, p, d) for d, _, c, p in sorted(scored, key=lambda x: (x[0], x[1])) if d < defects]
            if better:
                with contextlib.suppress(RejectedSQL, UntranslatableQuestion):
                    chosen = await self._choose([c for c, _, _ in better], question, schema, upstream,
                                                key, links, parsed=dict((c.sql, p) for c, p, _ in better),
                                                holding=holding)
                    # _choose takes the first that passes: those before it are its rejected
                    left = better[len(chosen.rejected)][2]
                    if not self._unfit(chosen, left):
                        return chosen
                    plan, defects = chosen, left    # still unfit: a clean reading, or refused
            read = await readings.covering(REPLACING_COVERAGE)
            if read:
                with timing.stage("checks"):
                    scored = await asyncio.to_thread(_score_defects, read, question, schema, links,
                                                     self._steps)
                clean = [(c, p) for d, _, c, p in scored if d == 0]
                if clean:
                    with contextlib.suppress(RejectedSQL, UntranslatableQuestion):
                        return await self._choose([c for c, _ in clean], question, schema, upstream,
                                                  key, links, parsed=dict((c.sql, p) for c, p in clean),
                                                  reading=True)
        if defects and self._unfit(plan, defects):
            raise self._refusal(plan, defects, key)
        return plan

    def _unfit(self, plan: Plan, defects: int) -> bool:
        """Whether ``plan``, the model's answer after every better one was looked for, is
        refused rather than answered: it still strays from the question (``defects``: a table
        or column the question does not name, a number it never states, a named value
        ignored, the wrong shape) and the model is unsure of it (its score below
        MODEL_CONFIDENT_SCORE), with refusal on and a reader to answer instead (the model
        alone, readers skipped, answers as it did). On schemas unlike its training data such
        an answer is nearly never right (eval/model_audit.py: of the model's valid candidates
        with a defect, greedy or from the 4-beam retry, 1 of 166 is right on dev12-dev17 and
        21 of 1,124 on the Spider even half; the pipeline's own unsure answers with a defect,
        0 of 3 there); a clear refusal is better than wrong rows. A confident answer with a
        defect stands: on the demo one such is right (a percentage's 100 counted as a number
        the question never states)."""
        return (bool(defects) and plan.score < MODEL_CONFIDENT_SCORE and self._refuse_unanswerable
                and bool(self._steps.readers))

    def _refusal(self, plan: Plan, defects: int, key: TranslationKey) -> QuestionNotAnswerable:
        """The refusal of an unfit ``plan`` (:meth:`_unfit`); its translation is no longer cached."""
        self._translations.discard(key)
        log.info("ASK refused the model's unsure answer: %d defects left after the wider decode",
                 defects)
        return QuestionNotAnswerable(
            "the question could not be placed on this database's tables and columns",
            detail=f"the model's best answer is unsure ({plan.score:.3f}) and strays from the "
                   f"question ({defects} defects): {plan.sql}",
            hint="name the tables, columns or stored values the question is about")

    def _preparers(self, translator: Translator) -> list[Callable[[SchemaContext], object]]:
        """What the value probe and the translator derive per schema, if anything."""
        found = [getattr(self._probe, "prepare", None), getattr(translator, "prepare", None)]
        return [f for f in found if callable(f)]

    async def _taught(self, question: str, schema: SchemaContext, examples: ExampleIndex | None,
                      upstream: Upstream) -> Plan | None:
        """The plan of a taught example answering ``question``, when the caller may read one
        (``examples``) whose SQL validates against the caller's own schema (examples are rows
        anyone with INSERT may write: their SQL is as untrusted as generated SQL)."""
        if not examples:
            return None
        found = await examples.find(question, schema,
                                    lambda: self._taught_links(question, schema, upstream))
        if found is None:
            return None
        if found.paraphrase and leaves_out(question, found.sql, await _lexicon(
                examples, without_examples_table(schema)), found.example.question):
            return None
        example = found.example
        sql = None if found.paraphrase else self._checked_examples.get(example, schema)
        if sql is None:
            sql = _taught_sql(replace(example, sql=found.sql), without_examples_table(schema))
            if sql is None:
                return None
            if not found.paraphrase:
                self._checked_examples.put(example, schema, sql)
        return Plan(sql, 0.0, without_examples_table(schema), cached=True, example_id=example.id)

    async def _adapted(self, question: str, examples: ExampleIndex | None, schema: SchemaContext,
                       upstream: Upstream, links: Sequence[ValueMatch],
                       adapters: tuple[tuple[str, Adapter], ...] | None = None) -> Plan | None:
        """A taught example's SQL adapted to ``question`` (``adapters``: ``ADAPTERS`` unless
        given) that passes the checks model SQL gets, or None: then the model translates as
        before."""
        if not examples:
            return None
        found = None
        for _, adapter in self._steps.adapters if adapters is None else adapters:
            with timing.stage("checks"):
                found = await asyncio.to_thread(adapter, examples, question, links, schema)
            if found is not None:
                break
        if found is None or leaves_out(question, found.sql, await _lexicon(examples, schema)):
            return None
        try:
            checked = await self._check(ParsedSQL(found.sql), question, schema, links, upstream)
        except RejectedSQL as exc:
            log.info("adapted example %d rejected (%s); translating", found.example.id,
                     exc.sqlstate)
            return None
        return Plan(checked.text, 0.0, schema, parsed=checked, example_id=found.example.id,
                    adapted=True)

    async def _generated(self, question: str, schema: SchemaContext, upstream: Upstream,
                         links: Sequence[ValueMatch]) -> Plan | None:
        """A generated example's SQL for ``question`` (``GENERATED``) that passes the checks
        model SQL gets and has no defect, or None: then the model translates as before."""
        for _, generated in self._steps.generated:
            with timing.stage("checks"):      # the first one builds the schema's examples
                found = await asyncio.to_thread(generated, question, links, schema)
            if found is None:
                continue
            try:
                checked = await self._check(ParsedSQL(found.sql), question, schema, links, upstream)
            except RejectedSQL as exc:
                log.info("generated example rejected (%s); translating", exc.sqlstate)
                continue
            with timing.stage("checks"):
                defects = await asyncio.to_thread(_defects, checked, question, schema, links,
                                                  self._steps)
            if not defects:
                return Plan(checked.text, 0.0, schema, parsed=checked, generated=True)
        return None

    async def _taught_links(self, question: str, schema: SchemaContext,
                            upstream: Upstream) -> list[ValueMatch]:
        """The value links a paraphrase of a taught question is matched with: as translating
        would link it (stored values of the schema, then probed ones)."""
        plain = without_examples_table(schema)
        linked = link_values(" ".join(question.split()), plain)
        if self._probe is None:
            return linked
        return merge_matches(linked, await self._probe.link(question, plain, upstream, linked))

    def _refuse(self, question: str, schema: SchemaContext, links: Sequence[ValueMatch],
                taught: TaughtLexicon | None = None) -> None:
        """Raise :class:`QuestionNotAnswerable` for a question that does not map onto the schema
        (:mod:`ask.context.refusal`), before any model time is spent on it."""
        if not self._refuse_unanswerable:
            return
        try:
            known = taught_words(taught)
            refusal = assess(question, schema, links, taught=known) or self._unplaced(
                question, schema, links, taught, self._steps.by_sense)
        except Exception:
            # The check only ever stops a wrong answer: should it fail on a question it did
            # not foresee, the question is translated as before.
            log.exception("refusal check failed; the question is translated")
            return
        if refusal is not None:
            log.info("ASK refused before translation (%s)", refusal.kind)
            raise refusal.error()

    @staticmethod
    def _unplaced(question: str, schema: SchemaContext, links: Sequence[ValueMatch],
                  taught: TaughtLexicon | None = None, by_sense: bool = False) -> Refusal | None:
        """The stricter check (what is counted, ranked or grouped by is a word the schema does
        not know: "average salary of agents") refuses only a question the plain reader cannot
        place either: a synonym the reader knows ("age" from a birth date) is answered."""
        strict = assess(question, schema, links, targets=True, taught=taught_words(taught))
        if strict is None:
            return None
        reading = read_question(question, schema, links, taught, by_sense)
        if reading is None or reading.coverage < READ_FIRST_COVERAGE:
            return strict
        if taught and {w.lower() for w in strict.words} & {w.lower() for w in reading.uncovered}:
            # taught words may place a question, never excuse the unknown word it groups or
            # ranks by ("call-outs by *priority*" is no count of call-outs)
            plain = read_question(question, schema, links, None, by_sense)
            if plain is None or plain.coverage < READ_FIRST_COVERAGE:
                return strict
        return None

    async def _wider(self, translator: Translator, question: str, schema: SchemaContext,
                     matches: Sequence[ValueMatch] | None, tried: set[str]) -> list[Candidate]:
        """Candidates of a wider decode not tried yet; none for a translator that cannot widen."""
        if not isinstance(translator, WideningTranslator):
            return []
        wider = await self._translate(translator, question, schema, matches, wider=True)
        return [c for c in wider if c.sql not in tried]

    async def _link(self, translator: Translator, question: str, schema: SchemaContext,
                    upstream: Upstream) -> tuple[list[ValueMatch] | None, list[ValueMatch]]:
        """(all links for the prompt, the probed ones); (None, []) leaves linking to the
        translator, as for one that cannot take links."""
        if self._probe is None or not isinstance(translator, LinkingTranslator):
            return None, []
        with timing.stage("link", on_loop=True):
            linked = link_values(" ".join(question.split()), schema)
        with timing.stage("probe"):
            probed = await self._probe.link(question, schema, upstream, linked)
        return await self._sensed(question, schema, merge_matches(linked, probed)), probed

    async def _sensed(self, question: str, schema: SchemaContext,
                      links: list[ValueMatch]) -> list[ValueMatch]:
        """``links`` and the values the question says by sense or by a code's letters
        (:mod:`ask.translate.value_senses`; with ``[ask] sense_placement``, off the loop: MiniLM)."""
        if not self._steps.by_sense:
            return links
        with timing.stage("link"):
            sensed = await asyncio.to_thread(sense_links, " ".join(question.split()), schema, links)
        return merge_matches(links, sensed) if sensed else links

    def _require_translator(self) -> Translator:
        if self._translator is None:
            if self._unavailable_reason is not None:
                raise AskUnavailable(
                    "ASK is not available: the text-to-SQL model is missing or could not be loaded",
                    detail=self._unavailable_reason,
                    hint="check the model directory ([ask] model or --model DIR); the proxy's "
                         "log says why at startup")
            raise AskUnavailable(
                "ASK is not available: no text-to-SQL model is configured",
                hint="set [ask] model in askproxy.toml or pass --model DIR to askproxy serve")
        return self._translator

    def _from_cache(self, key: TranslationKey, schema: SchemaContext) -> Plan | None:
        hit = self._translations.get(key)
        if not hit:
            return None
        best = hit[0]
        # Re-checked statically (cheap); EXPLAIN passed when it was cached for this very
        # schema fingerprint and role.
        try:
            validated = validate(best.sql, schema)
        except RejectedSQL as exc:
            log.warning("cached translation no longer validates (%s); translating again",
                        exc.sqlstate)
            return None
        return Plan(validated.sql, best.score, schema, cached=True)

    async def _translate(self, translator: Translator, question: str, schema: SchemaContext,
                         matches: Sequence[ValueMatch] | None = None, *, wider: bool = False) -> list[Candidate]:
        if wider and isinstance(translator, WideningTranslator):
            work = translator.translate_wider(question, schema, matches)
        elif matches is not None and isinstance(translator, LinkingTranslator):
            work = translator.translate_linked(question, schema, matches)
        else:
            work = translator.translate(question, schema)
        try:
            candidates = await asyncio.wait_for(work, self._timeout_s)
        except TimeoutError as exc:
            raise AskTimeout(f"translating the question took longer than {self._timeout_s:g} s",
                             hint="ask a simpler question, or raise ask.translate_timeout_s"
                             ) from exc
        except AskError:
            raise
        except Exception as exc:   # the engine's failure, reported with its cause
            log.exception("translator failed")
            raise EngineFailure("the text-to-SQL engine failed",
                                detail=f"{type(exc).__name__}: {exc}") from exc
        if not candidates and not wider:
            raise UntranslatableQuestion("the model produced no SQL for this question")
        return list(candidates)

    async def _choose(self, candidates: Sequence[Candidate], question: str, schema: SchemaContext,
                      upstream: Upstream, key: TranslationKey, links: Sequence[ValueMatch] = (),
                      parsed: Mapping[str, ParsedSQL] | None = None, reading: bool = False,
                      scored: bool = False, holding: _Readings | None = None) -> Plan:
        """The first of ``candidates`` that passes the checks (``parsed``: trees already made;
        ``scored``: the caller counts the winner's defects, so count them with its checks;
        ``holding``: the question's readings, when the winner must hold its words: ``HOLDS``)."""
        rejected: list[tuple[str, RejectedSQL]] = []
        for candidate in candidates:
            given = (parsed or {}).get(candidate.sql) or ParsedSQL(candidate.sql)
            try:
                winner = await self._check(given, question, schema, links, upstream, scored)
            except RejectedSQL as exc:
                log.debug("candidate rejected (%s): %s", exc.sqlstate, exc.message)
                rejected.append((candidate.sql, exc))
                continue
            if holding is not None:
                await holding.held(winner)
            self._translations.put(key, [Candidate(winner.text, candidate.score)])
            reasons = tuple((c_sql, exc.message) for c_sql, exc in rejected)
            return Plan(winner.text, candidate.score, schema, cached=False, rejected=reasons,
                        parsed=winner, reading=reading)
        if len(rejected) == 1:
            raise rejected[0][1]
        raise UntranslatableQuestion(
            f"none of the {len(rejected)} generated statements passed validation",
            detail=_rejection_detail(rejected),
            hint="rephrase the question, naming the tables or columns it is about")

    async def _check(self, sql: ParsedSQL, question: str, schema: SchemaContext,
                     links: Sequence[ValueMatch], upstream: Upstream,
                     scored: bool = False) -> ParsedSQL:
        # Parsing, grounding and validating a candidate is milliseconds of pure Python: in a
        # worker thread, so that other sessions are not held up by it. ``scored``: its defects
        # are counted there too (kept on the tree), which saves the winner a second trip to a
        # worker thread; a candidate EXPLAIN then rejects wasted that count.
        check = _validated_scored if scored else _validated
        with timing.stage("checks"):
            validated = await asyncio.to_thread(check, sql, question, schema, links, self._steps)
        if self._explain_check and getattr(upstream, "explain_safe", True):
            with timing.stage("explain"):
                await _explain(validated.text, upstream)
        return validated


async def _lexicon(examples: ExampleIndex | None, schema: SchemaContext) -> TaughtLexicon | None:
    """The taught lexicon of the examples the caller may read (built once per index and schema
    version, off the event loop), or None without examples."""
    if not examples:
        return None
    with timing.stage("checks"):
        try:
            return await asyncio.to_thread(taught_lexicon, examples, schema)
        except Exception:
            # The lexicon only ever adds words a reading may place: should it fail on an
            # example it did not foresee, questions are read as without examples.
            log.exception("taught lexicon failed; reading without it")
            return None


async def _explain(sql: str, upstream: Upstream) -> None:
    """Let PostgreSQL parse, analyse and plan ``sql`` without running it."""
    try:
        await upstream.fetch(f"EXPLAIN {sql}")
    except UpstreamQueryError as exc:
        if exc.sqlstate.startswith(_SESSION_FAILURES):
            raise
        raise RejectedSQL(f"PostgreSQL rejected the generated SQL: {exc}", sql=sql,
                          sqlstate=exc.sqlstate) from exc


def _validated(sql: ParsedSQL, question: str, schema: SchemaContext,
               links: Sequence[ValueMatch], steps: Steps = ALL_STEPS) -> ParsedSQL:
    """The candidate repaired and validated: the statement that may run, with its trees."""
    repaired = _repaired(_grounded(sql, question, schema, links, steps), steps)
    validated = validate(repaired, schema).parsed
    assert validated is not None
    return validated


_DEFECTS = "planner.defects"   # a validated candidate's defect count, kept on its ParsedSQL


def _validated_scored(sql: ParsedSQL, question: str, schema: SchemaContext,
                      links: Sequence[ValueMatch], steps: Steps = ALL_STEPS) -> ParsedSQL:
    """:func:`_validated`, with the result's :func:`_defects` counted and kept on it (the
    ParsedSQL is this ASK's own: the question, links and steps are those it is counted for)."""
    validated = _validated(sql, question, schema, links, steps)
    validated.derived(_DEFECTS, lambda: _defects(validated, question, schema, links, steps))
    return validated


class _Readings:
    """The question's readings (``READERS``), made on first need, off the event loop, and kept:
    a confident model's valid answer needs none."""

    def __init__(self, question: str, schema: SchemaContext, links: Sequence[ValueMatch],
                 steps: Steps, taught: TaughtLexicon | None = None) -> None:
        self._args = (question, schema, links, steps, taught)
        self._found: list[Reading] | None = None

    async def unplaced(self) -> QuestionNotAnswerable:
        """The refusal for a question the model is unsure of and no reading places: the words
        the closest reading could not place, when there is one."""
        await self.covering(READ_FIRST_COVERAGE)
        best = max(self._found or [], key=lambda r: r.coverage, default=None)
        words = best.uncovered if best is not None else ()
        return QuestionNotAnswerable(
            "the question could not be placed on this database's tables and columns",
            hint=(f"not understood: {', '.join(repr(w) for w in words[:5])}" if words else
                  "name the tables, columns or stored values the question is about"))

    async def held(self, answer: ParsedSQL) -> None:
        """Refuse the question when the model's ``answer`` leaves a word of it unheld
        (``HOLDS``: a word naming something the schema does not know, spelt nowhere in the SQL)
        and the closest reading does not place that word either (nothing reads the question:
        no reading places it)."""
        question, schema, links, steps, taught = self._args
        if not steps.holds:
            return
        with timing.stage("checks"):
            words = await asyncio.to_thread(_unheld, answer, Question(question, schema, links, taught), steps)
        if not words:
            return
        await self.covering(0.0)
        best = max(self._found or [], key=lambda r: r.coverage, default=None)
        if best is not None:
            unplaced = {w.lower() for w in best.uncovered}
            words = tuple(w for w in words if w.lower() in unplaced)
        if words:
            log.info("ASK refused: the answer holds %d of the question's words nowhere", len(words))
            raise Refusal("out_of_schema", words).error()

    async def covering(self, coverage: float, placing: bool = False) -> list[Candidate]:
        """The readings that place at least ``coverage`` of the question's content words;
        ``placing``: none that leaves a made-up word unplaced (:func:`.refusal.made_up`: "average
        dazork modification booked" is no question about work orders, however its other words
        read) or a name nobody knows (:func:`.refusal.unknown_names`: "average SAT score at
        Springfield High" is no average of the school's scores), as the reading an unsure model's
        answer gives way to."""
        if self._found is None:
            with timing.stage("checks"):
                self._found = await asyncio.to_thread(_readings, *self._args)
        found = [r for r in self._found if r.coverage >= coverage]
        if placing and any(r.uncovered for r in found):
            question, schema, links = self._args[:3]
            unknown = made_up(question, schema, links) | unknown_names(question, schema, links)
            found = [r for r in found if not unknown & {w.lower() for w in r.uncovered}]
        return [Candidate(r.sql, 0.0) for r in found]


def _unheld(answer: ParsedSQL, question: Question, steps: Steps) -> tuple[str, ...]:
    """The question's words ``answer`` does not hold (``HOLDS``). The check only ever refuses
    a wrong answer: should it fail on a question it did not foresee, the answer stands."""
    try:
        return tuple(w for _, check in steps.holds for w in check(answer, question))
    except Exception:
        log.exception("held-words check failed; the answer stands")
        return ()


def _readings(question: str, schema: SchemaContext, links: Sequence[ValueMatch],
              steps: Steps = ALL_STEPS, taught: TaughtLexicon | None = None) -> list[Reading]:
    q = Question(question, schema, links, taught, steps.by_sense)
    found: list[Reading] = []
    for name, reader in steps.readers:
        try:
            reading = reader(q)
        except Exception:
            # A reader only ever adds a candidate: one that fails on a question it did not
            # foresee leaves the model's answer as it was.
            log.exception("reader %s failed; the model's candidates stand", name)
            continue
        if reading is not None:
            found.append(reading)
    return found


def _score_defects(candidates: Sequence[Candidate], question: str, schema: SchemaContext,
                   links: Sequence[ValueMatch], steps: Steps = ALL_STEPS
                   ) -> list[tuple[int, int, Candidate, ParsedSQL]]:
    """(defects, rank, candidate, the candidate parsed) of each candidate."""
    parsed = [ParsedSQL(c.sql) for c in candidates]
    return [(_defects(_grounded(p, question, schema, links, steps), question, schema, links, steps), n, c, p)
            for n, (c, p) in enumerate(zip(candidates, parsed))]


def _grounded(sql: ParsedSQL, question: str, schema: SchemaContext,
              links: Sequence[ValueMatch], steps: Steps = ALL_STEPS) -> ParsedSQL:
    """``sql`` with what the question states copied in exactly: linked values (on the column they
    were linked to), a threshold, a window.

    Grounding only ever improves an answer: should it fail on a statement it did not foresee,
    the statement goes on unchanged (validation still judges it)."""
    asked = Question(question, schema, links)
    grounded = sql
    try:
        for _, step in steps.grounding:
            grounded = step(grounded, asked)
    except Exception:
        log.exception("grounding failed; the candidate is validated as generated")
        return sql
    return grounded


def _repaired(sql: ParsedSQL, steps: Steps = ALL_STEPS) -> ParsedSQL:
    for _, step in steps.repairs:
        sql = step(sql)
    return sql


def _defects(sql: ParsedSQL, question: str, schema: SchemaContext, links: Sequence[ValueMatch],
             steps: Steps = ALL_STEPS) -> int:
    """How far ``sql`` strays from the question: numbers it never states, subjects it never names,
    named values compared with the wrong column or ignored, an answer of the wrong shape
    (no DISTINCT, ratio or count where the question asks for one)."""
    asked = Question(question, schema, links)
    try:
        return sum(check(sql, asked) for _, check in steps.defects)
    except Exception:
        log.exception("grounding check failed; the answer counts as grounded")
        return 0


def _taught_sql(example: Example, schema: SchemaContext) -> str | None:
    try:
        return validate(example.sql, schema).sql
    except RejectedSQL as exc:
        log.info("taught example %d does not validate for this role (%s); translating",
                 example.id, exc.sqlstate)
        return None


def _rejection_detail(rejected: Sequence[tuple[str, RejectedSQL]]) -> str:
    lines = []
    for n, (sql, exc) in enumerate(rejected, 1):
        lines.append(f"candidate {n}: {sql}\n  rejected ({exc.sqlstate}): {exc.message}")
    return "\n".join(lines)
