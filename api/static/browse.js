/*
 * The citation graph on the HTML pages of the browsing API (api/html.py).
 *
 * Reads the Cytoscape.js JSON of GET /graph/neighbourhood/{id} (the URL in #graph's data-src, on
 * this server) and draws it with Cytoscape.js (static/cytoscape/, loaded before this file): the
 * work in the middle, each ring one citation step further; an arrow goes from the citing work to
 * the cited one. A click (or tap) on a work opens its page. The works are also listed as links
 * under the graph (#graph-nodes, when the page left it empty), for keyboards and screen readers.
 * The drawn graph is window.unkgGraph.
 */
(function () {
  "use strict";

  var holder = document.getElementById("graph");
  var status = document.getElementById("graph-status");
  if (!holder) {
    return;
  }
  var root = holder.getAttribute("data-root") || "";

  function say(text) {
    if (status) {
      status.textContent = text;
    }
  }

  function pageOf(data) {
    // Only this API's own paths: "/resolutions/A_RES_65_230".
    var href = data && data.href;
    return typeof href === "string" && href.charAt(0) === "/" && href.charAt(1) !== "/"
      ? root + href : null;
  }

  function listWorks(nodes) {
    var list = document.getElementById("graph-nodes");
    if (!list || list.children.length > 0) {
      return;
    }
    nodes.slice().sort(function (a, b) {
      return (a.data.depth || 0) - (b.data.depth || 0) ||
        String(a.data.label).localeCompare(String(b.data.label));
    }).forEach(function (node) {
      var item = document.createElement("li");
      var url = pageOf(node.data);
      var name = document.createElement(url ? "a" : "span");
      name.textContent = node.data.label || node.data.id;
      if (url) {
        name.setAttribute("href", url);
      }
      item.appendChild(name);
      item.appendChild(document.createTextNode(" (" + (node.data.type || "Work") + ")"));
      list.appendChild(item);
    });
  }

  var STYLE = [
    { selector: "node", style: {
      "label": "data(short)", "font-size": 10, "color": "#1b1b1b",
      "text-valign": "bottom", "text-margin-y": 4, "text-wrap": "wrap", "text-max-width": 120,
      "width": 18, "height": 18, "background-color": "#7a8793", "border-width": 1,
      "border-color": "#ffffff",
    } },
    { selector: "node[?ingested]", style: { "background-color": "#005a9c" } },
    { selector: "node[type != 'Resolution'][type != 'Decision']",
      style: { "shape": "round-rectangle" } },
    { selector: "node[depth = 0]", style: {
      "width": 28, "height": 28, "background-color": "#f2a900", "font-weight": "bold",
    } },
    { selector: "edge", style: {
      "width": 1.5, "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1",
      "target-arrow-shape": "triangle", "curve-style": "bezier", "arrow-scale": 0.9,
      "label": "data(relation)", "font-size": 9, "color": "#4a4f55",
      "text-rotation": "autorotate", "text-background-color": "#fbfcfd",
      "text-background-opacity": 1,
    } },
    { selector: "node:active, node:selected", style: { "overlay-opacity": 0.15 } },
  ];

  // Long names (a declaration's full title) are cut on the drawing; the list has them whole.
  function shorten(label) {
    var text = String(label || "");
    return text.length > 48 ? text.slice(0, 45).replace(/\s+\S*$/, "") + "…" : text;
  }

  function draw(answer) {
    var elements = answer.elements || { nodes: [], edges: [] };
    (elements.nodes || []).forEach(function (node) {
      node.data.short = shorten(node.data.label || node.data.id);
    });
    var cy = window.cytoscape({
      container: holder,
      elements: elements,
      style: STYLE,
      layout: {
        name: "concentric",
        concentric: function (node) { return 10 - (node.data("depth") || 0); },
        levelWidth: function () { return 1; },
        minNodeSpacing: 70,
        animate: false,
      },
      minZoom: 0.2,
      maxZoom: 1.5,
    });
    cy.on("tap", "node", function (event) {
      var url = pageOf(event.target.data());
      if (url) {
        window.location.assign(url);
      }
    });
    cy.on("mouseover", "node", function (event) {
      holder.style.cursor = pageOf(event.target.data()) ? "pointer" : "default";
    });
    cy.on("mouseout", "node", function () { holder.style.cursor = "default"; });
    window.unkgGraph = cy;
    listWorks(elements.nodes || []);
    var nodes = (elements.nodes || []).length;
    var edges = (elements.edges || []).length;
    say(nodes + (nodes === 1 ? " work, " : " works, ") + edges +
        (edges === 1 ? " citation link" : " citation links") +
        (answer.truncated ? " (the nearest 500 works only)." : "."));
    holder.setAttribute("data-ready", "true");
  }

  if (typeof window.cytoscape !== "function" || typeof window.fetch !== "function") {
    say("This browser cannot draw the graph.");
    return;
  }
  window.fetch(holder.getAttribute("data-src"), {
    headers: { Accept: "application/json" },
    credentials: "same-origin",
  }).then(function (response) {
    if (response.status === 404) {
      throw new Error("this work is not in the citation graph");
    }
    if (!response.ok) {
      throw new Error("the server answered " + response.status);
    }
    return response.json();
  }).then(draw).catch(function (error) {
    say("No graph: " + error.message + ".");
    holder.setAttribute("data-ready", "false");
  });
}());
