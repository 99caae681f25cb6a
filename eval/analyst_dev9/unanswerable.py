"""Questions ASK must refuse on this set's schemas: (database key, kind, question), kinds as in
``eval/analyst_dev8`` (gibberish, write, missing, off_topic); written before anything was run."""

from __future__ import annotations

REFUSALS: tuple[tuple[str, str, str], ...] = (
    ("permits", "gibberish", "sprock velder ammonite quill"),
    ("permits", "gibberish", "permits permits flarn?? zzt"),
    ("permits", "write", "approve permit BLD-2026-00412"),
    ("permits", "write", "mark all of Rosa Delgado's fees as paid"),
    ("permits", "write", "schedule a final inspection for tomorrow with Gary Whitfield"),
    ("permits", "write", "delete violations older than a year"),
    ("permits", "missing", "which permits needed a variance from the zoning board"),
    ("permits", "missing", "contractor license expiration dates"),
    ("permits", "missing", "how many building stories does each permit allow"),
    ("permits", "missing", "inspector overtime hours last month"),
    ("permits", "missing", "average wait time on the permit hotline"),
    ("permits", "missing", "which parcels are in the flood zone"),
    ("permits", "off_topic", "what's the population of the city"),
    ("permits", "off_topic", "how do I get a fishing license"),
    ("podcast", "gibberish", "wibble tosk marandine fep"),
    ("podcast", "gibberish", "episodes glorp vrrt ??"),
    ("podcast", "write", "add a new show called Deep Dive"),
    ("podcast", "write", "remove NordHost's ads from Byte Size"),
    ("podcast", "write", "rename Laugh Track to Laugh Riot"),
    ("podcast", "write", "set every episode of Cold Case Files to explicit"),
    ("podcast", "missing", "average listener age per show"),
    ("podcast", "missing", "how many subscribers does The Bench have"),
    ("podcast", "missing", "apple podcasts star ratings by show"),
    ("podcast", "missing", "how much do we pay each host"),
    ("podcast", "missing", "listener completion rate per episode"),
    ("podcast", "missing", "which episodes were recorded in studio B"),
    ("podcast", "off_topic", "who won the super bowl last year"),
    ("podcast", "off_topic", "best microphone for starting a podcast"),
)
