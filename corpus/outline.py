"""A version's outline: the heading tree, and the reading units it is read in.

Pure code over anything with a section's attributes (order, level, title,
first_ordinal, last_ordinal), so it is tested without a database.

A reading unit is what one section page shows. A section whose sub-sections
have no sub-sections of their own (a book's chapter) is read whole, with its
sub-sections inline. A section whose sub-sections are themselves divided (a
book's part) shows its own opening and lists them. The document itself is
the root of the tree, so an article whose sections are all undivided is one
unit, read on one page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


class SectionLike(Protocol):
    order: int
    level: int
    title: str
    first_ordinal: int
    last_ordinal: int


@dataclass(slots=True)
class OutlineSection:
    """A section as the outline reads it: its ``Section``'s fields, and nothing more. A
    reading page builds the outline of a whole book (a model instance a section took
    twice as long as these)."""

    order: int
    level: int
    title: str
    heading_ordinal: int | None
    first_ordinal: int
    last_ordinal: int


@dataclass
class Node:
    section: SectionLike | None  # None for the document root
    children: list[Node] = field(default_factory=list)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def reads_whole(self) -> bool:
        """Shown with its sub-sections inline: none of them is itself divided."""
        return all(child.is_leaf for child in self.children)

    def last_section(self) -> SectionLike | None:
        node = self
        while node.children:
            node = node.children[-1]
        return node.section


@dataclass(frozen=True)
class Unit:
    """One section page: a run of sections and the paragraphs they cover."""

    order: int  # the first section's order: the page's address
    title: str
    level: int
    first_ordinal: int
    last_ordinal: int
    section_orders: tuple[int, ...]
    contents: tuple[SectionLike, ...] = ()  # a divided section's sub-sections, listed


class Outline:
    def __init__(self, sections: list[SectionLike], *, document_title: str = ""):
        self.sections = sorted(sections, key=lambda s: s.order)
        self.root = self._tree()
        self.units = self._units(document_title)
        self._unit_by_order = {order: unit for unit in self.units for order in unit.section_orders}

    @property
    def last_ordinal(self) -> int:
        return max((s.last_ordinal for s in self.sections), default=0)

    def unit_for_order(self, order: int) -> Unit | None:
        return self._unit_by_order.get(order)

    def unit_for_ordinal(self, ordinal: int) -> Unit | None:
        for unit in self.units:
            if unit.first_ordinal <= ordinal <= unit.last_ordinal:
                return unit
        return None

    def section_for_ordinal(self, ordinal: int) -> SectionLike | None:
        for section in self.sections:
            if section.first_ordinal <= ordinal <= section.last_ordinal:
                return section
        return None

    def neighbours(self, unit: Unit) -> tuple[Unit | None, Unit | None]:
        index = self.units.index(unit)
        previous = self.units[index - 1] if index > 0 else None
        following = self.units[index + 1] if index + 1 < len(self.units) else None
        return previous, following

    def _tree(self) -> Node:
        root = Node(None)
        stack: list[tuple[int, Node]] = [(0, root)]
        for section in self.sections:
            while stack[-1][0] >= section.level and len(stack) > 1:
                stack.pop()
            node = Node(section)
            stack[-1][1].children.append(node)
            stack.append((section.level, node))
        return root

    def _units(self, document_title: str) -> list[Unit]:
        if self.root.children and self.root.reads_whole:
            return [self._whole(self.root, title=document_title, level=0)]
        units: list[Unit] = []
        self._collect(self.root, units)
        return units

    def _collect(self, node: Node, units: list[Unit]) -> None:
        for child in node.children:
            section = child.section
            if child.reads_whole:
                units.append(self._whole(child, title=section.title, level=section.level))
            else:
                units.append(
                    Unit(
                        order=section.order,
                        title=section.title,
                        level=section.level,
                        first_ordinal=section.first_ordinal,
                        last_ordinal=section.last_ordinal,
                        section_orders=(section.order,),
                        contents=tuple(grandchild.section for grandchild in child.children),
                    )
                )
                self._collect(child, units)

    def _whole(self, node: Node, *, title: str, level: int) -> Unit:
        sections = _flatten(node)
        return Unit(
            order=sections[0].order,
            title=title,
            level=level,
            first_ordinal=sections[0].first_ordinal,
            last_ordinal=sections[-1].last_ordinal,
            section_orders=tuple(s.order for s in sections),
        )


def _flatten(node: Node) -> list[SectionLike]:
    found = [node.section] if node.section is not None else []
    for child in node.children:
        found.extend(_flatten(child))
    return found
