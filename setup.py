"""The optional native relay core (proxy/native/relay_core.c); everything else is in pyproject.toml.

``optional=True``: without a compiler (or Python headers) the install still succeeds and the
proxy relays in Python (``[server] native_relay = auto`` falls back; ``on`` refuses to start).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("proxy._relay_core", ["proxy/native/relay_core.c"],
                             extra_compile_args=["-O2", "-Wall"], optional=True)])
