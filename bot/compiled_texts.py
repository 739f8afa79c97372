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
never needs; a text that formats a number or a date still loads it, on first use. Loading
needs only fluent_compiler's runtime: its compiler (and Fluent's parser, 0.6 MiB) is
imported when a text changed, and the loaded texts are `Compiled`, not its `FluentBundle`."""

from __future__ import annotations

import builtins
import hashlib
import importlib.metadata
import importlib.util
import logging
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import babel
import babel.plural
from aiogram_i18n.cores.base import BaseCore
from aiogram_i18n.exceptions import FluentMessageError, KeyNotFoundError
from aiogram_i18n.utils.text_decorator import td
from fluent_compiler import runtime
from fluent_compiler.builtins import BUILTINS

from config import PROJECT_ROOT

CACHE = PROJECT_ROOT / "data" / "compiled-texts"
# What a file holds: the code, the messages, the functions, the plural rules, and the names
# fluent_compiler's code gives the locale and the plural function.
FORMAT = "3"
log = logging.getLogger(__name__)


class Compiled:
    """One language's texts, compiled: what fluent_compiler's `FluentBundle` offers the core
    (`format`), without importing its compiler, which only compiling needs."""

    def __init__(self, locale: str, messages: dict[str, Callable[..., str]]) -> None:
        self.locale = locale
        self._messages = messages

    @property
    def message_ids(self) -> set[str]:
        return set(self._messages)

    def format(self, message_id: str, args: dict[str, Any] | None = None) -> tuple[str, list]:
        errors: list[Any] = []
        return self._messages[message_id](args, errors), errors


class CachedCompileCore(BaseCore[Compiled]):
    """aiogram_i18n's `FluentCompileCore` (its `get`, its settings), over `Compiled` texts."""

    def __init__(
        self,
        path: str | Path,
        default_locale: str | None = None,
        use_isolating: bool = False,
        functions: dict[str, Callable[..., Any]] | None = None,
        raise_key_error: bool = True,
        cache: Path = CACHE,
    ) -> None:
        super().__init__(path=path, default_locale=default_locale)
        self.use_isolating = use_isolating
        self.functions = {**(functions or {}), **td.functions}
        self.raise_key_error = raise_key_error
        self.cache = cache

    def get(self, message: str, locale: str | None = None, /, **kwargs: Any) -> str:
        locale = self.get_locale(locale=locale)
        try:
            text, errors = self.get_translator(locale=locale).format(message, kwargs)
        except KeyError:
            fallback = self.locales_map.get(locale)
            if fallback is not None:
                return self.get(message, fallback, **kwargs)
            if self.raise_key_error:
                raise KeyNotFoundError(message) from None
            return message
        if errors:
            raise FluentMessageError(message_id=message, errors=errors)
        return text

    @property
    def offered(self) -> dict[str, Any]:
        """The functions the texts may call: Fluent's own (NUMBER, DATETIME) and ours."""
        return {**BUILTINS, **self.functions}

    def find_locales(self) -> dict[str, Compiled]:
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

    def _bundle(self, locale: str, text: str) -> Compiled:
        path = self.cache / f"{locale}-{self._key(locale, text)}.bin"
        try:
            kept = marshal.loads(path.read_bytes())
            code, messages, functions, plurals, names = kept
        except (OSError, ValueError, EOFError, TypeError):
            code, messages, functions, plurals, names = self._compile(locale, text, path)
        return self._load(locale, code, messages, functions, plurals, names)

    def _compile(
        self, locale: str, text: str, path: Path
    ) -> tuple[Any, dict[str, str], dict[str, str], dict[str, str], tuple[str, str]]:
        """As fluent_compiler's `compile_messages`, keeping the code object to store."""
        from fluent_compiler.bundle import FluentBundle  # the compiler: only when compiling
        from fluent_compiler.compiler import (
            LOCALE_NAME,
            PLURAL_FORM_FOR_NUMBER_NAME,
            _parse_resources,
            messages_to_module,
        )
        from fluent_compiler.resource import FtlResource
        from fluent_compiler.utils import TERM_SIGIL

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
        names = (LOCALE_NAME, PLURAL_FORM_FOR_NUMBER_NAME)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob(f"{locale}-*.bin"):
                old.unlink(missing_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            partial.write_bytes(marshal.dumps((code, messages, functions, plurals, names)))
            partial.replace(path)
        except OSError as error:
            log.info("compiled texts not kept (%s): compiling at every start", error)
        return code, messages, functions, plurals, names

    def _load(
        self,
        locale: str,
        code: Any,
        messages: dict[str, str],
        functions: dict[str, str],
        plurals: dict[str, str],
        given: tuple[str, str],
    ) -> Compiled:
        """The functions, run as fluent_compiler runs them, with the same names defined
        (`given`: the names its code reads the locale and the plural function by). The
        locale's data stays unloaded until a text formats a number or a date."""
        babel_locale = babel.Locale.parse(locale.replace("-", "_"))
        plural = babel.plural.to_python(babel.plural.PluralRule(plurals))

        def plural_form_for_number(number: Any) -> Any:
            try:
                return plural(number)
            except TypeError:  # a string taken for a CLDR category, as fluent_compiler allows
                return None

        locale_name, plural_name = given
        names: dict[str, Any] = {k: getattr(runtime, k) for k in runtime.__all__}
        names |= builtins.__dict__
        names |= {locale_name: babel_locale, plural_name: plural_form_for_number}
        names |= {assigned: self.offered[name] for assigned, name in functions.items()}
        exec(code, names)  # our own texts, as fluent_compiler compiled them
        return Compiled(locale, {key: names[name] for key, name in messages.items()})
