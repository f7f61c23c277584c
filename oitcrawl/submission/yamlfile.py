"""Reading a submission's YAML (or JSON) text safely: within limits on size, aliases and
expanded nodes, timestamps kept as written, syntax errors as a ``Problem`` with its line; and
the line of every key path (``_line_map``, ``_line``), so that every problem names its line.
"""

from __future__ import annotations

import yaml

from oitcrawl.submission.model import Problem, SubmissionError

# Bounds on what one file may be (issue 13): a larger file is refused.
MAX_FILE_BYTES = 5 * 1024 * 1024  # a submission of 1,000 URLs is ~150 KB
MAX_YAML_NODES = 100_000  # scalars, lists and mappings after expanding YAML aliases
MAX_YAML_ALIASES = 100  # `*alias` references: a submission needs none


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader that keeps timestamps as the text written (an impossible date
    such as 2023-02-30 is then reported as a field problem, not a crash) and counts aliases."""

    aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                mark = self.peek_event().start_mark
                raise yaml.YAMLError(
                    f"more than {MAX_YAML_ALIASES} YAML aliases (*name) at line {mark.line + 1};"
                    " a submission needs none"
                )
        return super().compose_node(parent, index)  # type: ignore[misc]


_SafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _expanded_size(node: yaml.Node, limit: int) -> int:
    """Number of nodes of `node` with aliases expanded, stopping once over `limit` (an alias
    bomb of 10 lines expands to billions)."""
    memo: dict[int, int] = {}

    def size(n: yaml.Node) -> int:
        if id(n) in memo:
            return memo[id(n)]
        memo[id(n)] = limit + 1  # a node inside itself (recursive alias) is over any limit
        total = 1
        if isinstance(n, yaml.MappingNode):
            children = [c for pair in n.value for c in pair]
        elif isinstance(n, yaml.SequenceNode):
            children = list(n.value)
        else:
            children = []
        for child in children:
            total += size(child)
            if total > limit:
                break
        memo[id(n)] = total
        return total

    return size(node)


def _yaml_error(path: str, exc: yaml.YAMLError) -> SubmissionError:
    """A YAML syntax error as one problem of the file, with its line when known."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else None
    text_exc = " ".join(str(exc).split())
    return SubmissionError(path, [Problem(line, "file", f"not valid YAML/JSON: {text_exc}")])


def load_yaml(text: str, path: str = "<yaml>") -> tuple[yaml.Node | None, object]:
    """Parse YAML (or JSON) safely within limits: at most MAX_FILE_BYTES, MAX_YAML_ALIASES
    alias references and MAX_YAML_NODES nodes after expansion; timestamps stay text.

    Returns (root node, data). Raises SubmissionError (field "file") for invalid YAML, a file
    over the limits or nested too deeply.
    """
    if len(text) > MAX_FILE_BYTES:
        raise SubmissionError(
            path, [Problem(None, "file", f"is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")]
        )
    try:  # the reader already refuses control characters when the loader is made
        loader = _SafeLoader(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    try:
        root = loader.get_single_node()
        if root is not None and _expanded_size(root, MAX_YAML_NODES) > MAX_YAML_NODES:
            raise SubmissionError(
                path,
                [
                    Problem(
                        None,
                        "file",
                        f"expands to more than {MAX_YAML_NODES:,} values (YAML aliases?); "
                        "write the submission out plainly",
                    )
                ],
            )
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from exc
    except RecursionError:
        raise SubmissionError(path, [Problem(None, "file", "is nested too deeply")]) from None
    finally:
        loader.dispose()
    return root, data


def _line_map(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict:
    """Map key paths ("items", "O1") to 1-based line numbers; record duplicate keys. Keys are
    compared as text (a key written 1 is "1"); aliases are not followed."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            sub = (*path, key)
            if sub in out:
                out.setdefault("__dups__", []).append((sub, key_node.start_mark.line + 1))
            else:
                out[sub] = key_node.start_mark.line + 1
            if len(out) < MAX_YAML_NODES:
                _line_map(value_node, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _line_map(child, (*path, i), out)
    return out


def _line(lines: dict, keys: tuple) -> int | None:
    """The line of the deepest known prefix of `keys` (keys compared as text)."""
    keys = tuple(k if isinstance(k, int) else str(k) for k in keys)
    while keys:
        if keys in lines:
            return lines[keys]
        keys = keys[:-1]
    return None
