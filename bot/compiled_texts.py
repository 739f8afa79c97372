"""The locales, compiled once per text version and kept on disk.

fluent_compiler turns each language's .ftl files into Python functions, one per message. It
takes seconds per language and leaves the process about 20 MiB larger than the functions
it keeps (its syntax trees, freed into memory the process does not give back). So the first
start after a text changes compiles as aiogram_i18n's `FluentCompileCore` does and writes
the compiled code (marshal, like a .pyc) to `data/compiled-texts/`; every later start loads
it in a moment, with a couple of MiB. The file's name is a hash of what the compiled code
depends on: the texts, fluent_compiler's and Babel's versions, Python's bytecode version, the
functions offered to the texts. A folder that cannot be written only means compiling every
start.

The file also keeps the language's plural rules (CLDR's, as Babel has them): asking Babel's
locale for them loads the whole locale's data, about 2 MiB a language, which idle the bot
never needs; a text that formats a number or a date still loads it, on first use."""

from __future__ import annotations

import builtins
import hashlib
import importlib.metadata
import importlib.util
import logging
import marshal
import os
from pathlib import Path
from typing import Any

import babel
import babel.plural
from aiogram_i18n.cores import FluentCompileCore
from fluent_compiler import runtime
from fluent_compiler.builtins import BUILTINS
from fluent_compiler.bundle import FluentBundle
from fluent_compiler.compiler import (
    LOCALE_NAME,
    PLURAL_FORM_FOR_NUMBER_NAME,
    _parse_resources,
    messages_to_module,
)
from fluent_compiler.resource import FtlResource
from fluent_compiler.utils import TERM_SIGIL

from config import PROJECT_ROOT

CACHE = PROJECT_ROOT / "data" / "compiled-texts"
FORMAT = "2"  # what a file holds: the code, the messages, the functions, the plural rules
log = logging.getLogger(__name__)


class CachedCompileCore(FluentCompileCore):
    def __init__(self, *args: Any, cache: Path = CACHE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cache = cache

    @property
    def offered(self) -> dict[str, Any]:
        """The functions the texts may call: Fluent's own (NUMBER, DATETIME) and ours."""
        return {**BUILTINS, **self.functions}

    def find_locales(self) -> dict[str, FluentBundle]:
        found = self._find_locales(self.path, self._extract_locales(self.path), ".ftl")
        return {
            locale: self._bundle(locale, "\n".join(p.read_text("utf-8") for p in paths))
            for locale, paths in found.items()
        }

    def _key(self, locale: str, text: str) -> str:
        versions = [importlib.metadata.version(p) for p in ("fluent_compiler", "babel")]
        magic = importlib.util.MAGIC_NUMBER.hex()
        parts = [FORMAT, locale, text, *versions, magic, str(self.use_isolating)]
        parts += sorted(self.offered)
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:24]

    def _bundle(self, locale: str, text: str) -> FluentBundle:
        path = self.cache / f"{locale}-{self._key(locale, text)}.bin"
        try:
            code, messages, functions, plurals = marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            code, messages, functions, plurals = self._compile(locale, text, path)
        return self._load(locale, code, messages, functions, plurals)

    def _compile(
        self, locale: str, text: str, path: Path
    ) -> tuple[Any, dict[str, str], dict[str, str], dict[str, str]]:
        """As fluent_compiler's `compile_messages`, keeping the code object to store."""
        parsed, issues = _parse_resources([FtlResource.from_string(text)])
        babel_locale = babel.Locale.parse(locale.replace("-", "_"))
        module, mapping, module_globals, errors = messages_to_module(
            parsed,
            babel_locale,
            use_isolating=self.use_isolating,
            functions=self.offered,
        )
        if issues or errors:  # let fluent_compiler report them as it always has
            FluentBundle.from_string(
                text=text, locale=locale, use_isolating=self.use_isolating, functions=self.functions
            )
            raise ValueError(f"the {locale} texts do not compile: {(issues + errors)[:3]}")
        code = compile(module.as_ast(), f"<{locale} texts>", "exec")
        messages = {str(k): v for k, v in mapping.items() if not str(k).startswith(TERM_SIGIL)}
        offered = {id(f): name for name, f in self.offered.items()}
        functions = {n: offered[id(v)] for n, v in module_globals.items() if id(v) in offered}
        plurals = dict(babel_locale.plural_form.rules)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob(f"{locale}-*.bin"):
                old.unlink(missing_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(marshal.dumps((code, messages, functions, plurals)))
            partial.replace(path)
        except OSError as error:
            log.info("compiled texts not kept (%s): compiling at every start", error)
        return code, messages, functions, plurals

    def _load(
        self,
        locale: str,
        code: Any,
        messages: dict[str, str],
        functions: dict[str, str],
        plurals: dict[str, str],
    ) -> FluentBundle:
        """The functions, run as fluent_compiler runs them, with the same names defined. The
        locale's data stays unloaded until a text formats a number or a date."""
        babel_locale = babel.Locale.parse(locale.replace("-", "_"))
        plural = babel.plural.to_python(babel.plural.PluralRule(plurals))

        def plural_form_for_number(number: Any) -> Any:
            try:
                return plural(number)
            except TypeError:  # a string taken for a CLDR category, as fluent_compiler allows
                return None

        names: dict[str, Any] = {k: getattr(runtime, k) for k in runtime.__all__}
        names |= builtins.__dict__
        names |= {LOCALE_NAME: babel_locale, PLURAL_FORM_FOR_NUMBER_NAME: plural_form_for_number}
        names |= {assigned: self.offered[name] for assigned, name in functions.items()}
        exec(code, names)  # our own texts, as fluent_compiler compiled them
        bundle = FluentBundle.__new__(FluentBundle)
        bundle.locale = locale
        bundle._compiled_messages = {key: names[name] for key, name in messages.items()}
        bundle._compilation_errors = []
        return bundle
