"""The graph for browsing: neighbourhoods, citation paths and lineages as Cytoscape.js JSON.

Routes, all over the citation graph of :mod:`unkg.graph.projection` (built once per change of the
store and cached):

* ``GET /graph/neighbourhood/{id}?depth=1..3&relation=``: the works within ``depth`` citation
  steps of a work, either way, and the citations among them;
* ``GET /graph/path?from=&to=&directed=&limit=``: the shortest citation paths between two works;
* ``GET /graph/lineage/{id}``: the earlier resolutions of the same body a resolution builds on.

A work is named by symbol or slug (as in ``/resolutions/{id}``) or, for an instrument, by its key
(``salvador-declaration``). Each answer carries ``elements`` in the Cytoscape.js JSON format,
``{"nodes": [{"data": {"id", "label", "type", ...}}], "edges": [{"data": {"id", "source",
"target", "relation", ...}}]}``; a node's ``id`` is its IRI, an edge's is ``source|relation|
target``, one edge per relation between two works. ``/graph/neighbourhood/{id}?format=html`` (or a
browser's ``Accept: text/html``) answers a page drawing it (:mod:`unkg.api.html`).
"""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from unkg.api.browse import reader_of
from unkg.api.errors import ApiError, error_responses
from unkg.api.html import Site, html_response, neighbourhood_page
from unkg.api.negotiation import (
    Representation,
    choose_representation,
    json_response,
    representations_doc,
)
from unkg.api.paths import href, iris_of, parse_work_id
from unkg.graph.iris import Iris
from unkg.graph.projection import (
    CitationGraphCache,
    citation_paths,
    lineage,
    neighbourhood,
    relation_names,
)

__all__ = ["CACHE", "router"]

router = APIRouter(tags=["Graph"])

#: The citation graph of each store the application serves.
CACHE = CitationGraphCache()
#: Seconds the query that builds the citation graph may run (once per change of the store).
BUILD_TIMEOUT = 300.0
#: Works a neighbourhood holds at most.
MAX_NODES = 500

WORK_DESCRIPTION = (
    "A document by symbol slug (`S_RES_48(1948)`) or symbol (`S/RES/48 (1948)`), or an "
    "instrument by key (`salvador-declaration`)"
)
_INSTRUMENT_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: 404: a work the citation graph does not hold; 406, 422, 503 as for every browsing route.
_ERRORS = error_responses(404, 406, 422, 503)


# -- the shapes, for the OpenAPI schema ----------------------------------------------------------


class CardModel(BaseModel):
    """A work, as a link (:func:`_card`)."""

    iri: str
    label: str
    symbol: str | None
    type: str | None
    date: str | None
    href: str | None


class NodeDataModel(BaseModel):
    id: str = Field(description="The work's IRI")
    label: str
    type: str
    symbol: str | None
    date: str | None
    body: str | None
    ingested: bool
    href: str | None
    depth: int | None = Field(None, description="Citation steps from the root, where it counts")


class EdgeDataModel(BaseModel):
    id: str = Field(description="source|relation|target")
    source: str
    target: str
    relation: str
    citations: int


class NodeModel(BaseModel):
    data: NodeDataModel


class EdgeModel(BaseModel):
    data: EdgeDataModel


class ElementsModel(BaseModel):
    """Cytoscape.js elements."""

    nodes: list[NodeModel]
    edges: list[EdgeModel]


class NeighbourhoodModel(BaseModel):
    root: CardModel
    depth: int
    relation: str | None
    truncated: bool
    elements: ElementsModel


class StepModel(BaseModel):
    source: str = Field(description="The citing work")
    target: str = Field(description="The cited work")
    relation: str
    relations: list[str]


class PathModel(BaseModel):
    nodes: list[str]
    steps: list[StepModel]


class PathsModel(BaseModel):
    start: CardModel = Field(alias="from")
    end: CardModel = Field(alias="to")
    directed: bool
    length: int | None = Field(description="Citation steps of the shortest path; null: no path")
    paths: list[PathModel]
    elements: ElementsModel


class LineageStepModel(CardModel):
    depth: int
    cited_by: str = Field(description="The IRI of the later resolution that cites it")
    relations: list[str]


class LineageModel(BaseModel):
    resolution: CardModel
    body: str | None
    lineage: list[LineageStepModel]
    elements: ElementsModel


# -- routes ------------------------------------------------------------------------------------


@router.get("/graph/neighbourhood/{id:path}", summary="The works around a work", responses={
    **representations_doc("The neighbourhood (or an HTML page drawing it)", Representation.HTML,
                          model=NeighbourhoodModel),
    **_ERRORS})
def get_neighbourhood(
    request: Request,
    id: str = Path(..., description=WORK_DESCRIPTION,
                   examples=["E_CN.15_RES_22_7", "salvador-declaration"]),
    depth: int = Query(1, ge=1, le=3, description="Citation steps from the work, 1 to 3"),
    relation: str | None = Query(None, description="Follow only citations of this relation: "
                                                    "recalls, reaffirms, takes-note-of, ..."),
    format: str | None = Query(None, description="json (default) or html (the graph drawn)",
                               examples=["json", "html"]),
) -> Response:
    """The works within `depth` citation steps of the work, citing or cited, and the citations
    among them (only those of `relation`, when given). At most 500 works, nearest first
    (`truncated` says when more were left out); each node's `depth` is its distance."""
    representation = choose_representation(request, format, rdf=False, html=True)
    if relation is not None and relation not in relation_names():
        raise ApiError(422, "invalid_request", f"relation: unknown relation {relation!r}; use one "
                                               f"of {', '.join(relation_names())}")
    graph, iris = _graph(request)
    node = _node(graph, id, iris, "id")
    around = neighbourhood(graph, node, depth=depth, relation=relation, max_nodes=MAX_NODES)
    elements = _elements(around.graph, iris, depths=around.depths, relation=relation)
    answer = {"root": _card(graph, node, iris), "depth": depth, "relation": relation,
              "truncated": around.truncated, "elements": elements}
    if representation is Representation.HTML:
        return html_response(neighbourhood_page(answer, Site.of(request)))
    return json_response(answer)


@router.get("/graph/path", summary="Shortest citation paths between two works", responses={
    **representations_doc("The shortest paths; none is `paths: []`", model=PathsModel),
    **_ERRORS})
def get_path(
    request: Request,
    source: str = Query(..., alias="from", description=WORK_DESCRIPTION,
                        examples=["S_RES_49(1948)"]),
    target: str = Query(..., alias="to", description=WORK_DESCRIPTION,
                        examples=["S/RES/43 (1948)"]),
    directed: bool = Query(False, description="Follow citations from citing to cited only"),
    limit: int = Query(5, ge=1, le=20, description="Paths at most"),
    format: str | None = Query(None, description="json; this route answers JSON only",
                               examples=["json"]),
) -> JSONResponse:
    """The shortest chains of citations between two works; each step says which way the
    citation goes (`source` cites `target`). Without `directed` a step may go either way. No
    path is `paths: []`, not an error."""
    choose_representation(request, format, rdf=False)
    graph, iris = _graph(request)
    start, end = _node(graph, source, iris, "from"), _node(graph, target, iris, "to")
    paths = citation_paths(graph, start, end, directed=directed, limit=limit)
    steps = [[_step(graph, a, b) for a, b in pairwise(path)] for path in paths]
    used = {n for path in paths for n in path}
    return json_response({
        "from": _card(graph, start, iris),
        "to": _card(graph, end, iris),
        "directed": directed,
        "length": len(paths[0]) - 1 if paths else None,
        "paths": [{"nodes": path, "steps": path_steps}
                  for path, path_steps in zip(paths, steps, strict=True)],
        "elements": _elements(graph.subgraph(used), iris,
                              only={(s["source"], s["target"]) for p in steps for s in p}),
    })


@router.get("/graph/lineage/{id:path}", summary="The earlier resolutions a resolution builds on",
            responses={**representations_doc("The lineage", model=LineageModel), **_ERRORS})
def get_lineage(
    request: Request,
    id: str = Path(..., description="A resolution by symbol slug or symbol",
                   examples=["S_RES_49(1948)"]),
    format: str | None = Query(None, description="json; this route answers JSON only",
                               examples=["json"]),
) -> JSONResponse:
    """The earlier resolutions and decisions of the same body that the resolution cites, and
    those they cite, transitively (breadth first: `depth` 1 is cited by the resolution itself).
    Each step names the later resolution that cites it (`cited_by`) and how."""
    choose_representation(request, format, rdf=False)
    graph, iris = _graph(request)
    node = _node(graph, id, iris, "id")
    if graph.nodes[node]["kind"] not in ("resolution", "decision"):
        raise ApiError(404, "not_found", f"{graph.nodes[node]['label']} is not a resolution")
    steps = lineage(graph, node)
    used = {node, *(step.node for step in steps)}
    depths = {node: 0} | {step.node: step.depth for step in steps}
    return json_response({
        "resolution": _card(graph, node, iris),
        "body": graph.nodes[node]["body"] or None,
        "lineage": [_card(graph, step.node, iris) | {
            "depth": step.depth, "cited_by": step.cited_by, "relations": list(step.relations)}
            for step in steps],
        "elements": _elements(graph.subgraph(used), iris, depths=depths,
                              only={(step.cited_by, step.node) for step in steps}),
    })


# -- internals -----------------------------------------------------------------------------------


def _graph(request: Request) -> tuple[Any, Iris]:
    iris = iris_of(request)
    reader = reader_of(request)
    return CACHE.get(reader.store, iris, timeout=BUILD_TIMEOUT), iris


def _node(graph: Any, text: str, iris: Iris, field: str) -> str:
    """The IRI of the work ``text`` names; 404 when the citation graph does not hold it."""
    value = text.strip()
    if _INSTRUMENT_KEY.fullmatch(value):
        iri = iris.instrument(value)
        name = value
    else:
        work = parse_work_id(value, iris, field=field)
        iri, name = work.iri, str(work.symbol or work.key)
    if iri not in graph:
        raise ApiError(404, "not_found", f"{field}: {name} is not in the citation graph")
    return iri


def _card(graph: Any, node: str, iris: Iris) -> dict[str, Any]:
    facts = graph.nodes[node]
    return {
        "iri": node,
        "label": facts["label"],
        "symbol": facts["symbol"] or None,
        "type": facts["type"] or None,
        "date": facts["date"] or None,
        "href": href(facts["kind"], facts["key"]) if facts["kind"] else None,
    }


def _step(graph: Any, a: str, b: str) -> dict[str, Any]:
    source, target = (a, b) if graph.has_edge(a, b) else (b, a)
    edge = graph.edges[source, target]
    return {"source": source, "target": target, "relation": edge["relation"],
            "relations": edge["relations"].split()}


def _elements(graph: Any, iris: Iris, *, depths: dict[str, int] | None = None,
              relation: str | None = None,
              only: set[tuple[str, str]] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Nodes and edges as Cytoscape.js JSON; ``only`` keeps just those (source, target) pairs."""
    nodes = []
    for node in sorted(graph.nodes):
        facts = graph.nodes[node]
        data = {
            "id": node,
            "label": facts["label"],
            "type": facts["type"] or "Work",
            "symbol": facts["symbol"] or None,
            "date": facts["date"] or None,
            "body": facts["body"] or None,
            "ingested": facts["ingested"],
            "href": href(facts["kind"], facts["key"]) if facts["kind"] else None,
        }
        if depths is not None:
            data["depth"] = depths.get(node)
        nodes.append({"data": data})
    edges = []
    for source, target in sorted(graph.edges):
        if only is not None and (source, target) not in only:
            continue
        edge = graph.edges[source, target]
        for name in edge["relations"].split():
            if relation is not None and name != relation:
                continue
            edges.append({"data": {"id": f"{source}|{name}|{target}", "source": source,
                                   "target": target, "relation": name,
                                   "citations": edge["citations"]}})
    return {"nodes": nodes, "edges": edges}
