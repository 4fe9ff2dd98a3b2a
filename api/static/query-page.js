/*
 * The query page of the unkg SPARQL endpoint (served by api/page.py at GET /sparql).
 *
 * Sets up YASGUI (static/yasgui/, loaded before this file) for this server alone: the endpoint is
 * the page's own address, the prefix autocompletion offers the ontology's prefixes (never the
 * prefix.cc list bundled with YASGUI, nor Linked Open Vocabularies, which the class and property
 * completers would fetch from the web), and the example queries, prefixes and default query come
 * from the JSON in #page-data, written by the server.
 */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("page-data").textContent);
  // The page is served at the endpoint's own address.
  var endpoint = window.location.href.split(/[?#]/)[0];
  var Yasqe = window.Yasgui.Yasqe;

  // -- autocompletion: variables and the ontology's prefixes, nothing fetched from the web --------
  var prefixLines = Object.keys(data.prefixes).map(function (prefix) {
    return prefix + ": <" + data.prefixes[prefix] + ">";
  });
  Yasqe.forkAutocompleter(
    "prefixes", { name: "unkgPrefixes", get: prefixLines, persistenceId: null }, false
  );
  // Set on the defaults, not in the config: YASGUI merges arrays index by index, which would keep
  // the default completers (among them "class" and "property", which query the web).
  window.Yasgui.defaults.yasqe.autocompleters = ["variables", "unkgPrefixes"];

  var yasgui = new window.Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: {
      getData: function () { return [{ endpoint: endpoint }]; },
    },
    yasqe: { value: data.defaultQuery },
    yasr: { prefixes: data.prefixes },
    persistenceId: "unkg-query-page",
  });

  function currentYasqe() {
    var tab = yasgui.getTab();
    return tab ? tab.getYasqe() : undefined;
  }

  // -- the status line: running, and whether the server's row cap cut the result short -----------
  var status = document.getElementById("query-status");
  var watched = typeof WeakSet === "function" ? new WeakSet() : null;

  function onResponse(_yasqe, response) {
    var headers = response && response.headers;
    var truncated = headers && typeof headers.get === "function" &&
      headers.get("X-SPARQL-Truncated") === "true";
    status.textContent = truncated
      ? "Only the first rows are shown: the server's row cap cut this result short " +
        "(narrow the query, or page through it with LIMIT and OFFSET)."
      : "";
  }

  yasgui.on("queryBefore", function (_yasgui, tab) {
    status.textContent = "Running…";
    var yasqe = tab.getYasqe();
    if (yasqe && watched && !watched.has(yasqe)) {
      watched.add(yasqe);
      yasqe.on("queryResponse", onResponse);
    }
  });
  yasgui.on("queryAbort", function () { status.textContent = ""; });

  // -- the toolbar -------------------------------------------------------------------------------
  document.getElementById("run-query").addEventListener("click", function () {
    var yasqe = currentYasqe();
    // A failed query shows its error in the results area; nothing more to do here.
    if (yasqe) yasqe.query().catch(function () { status.textContent = ""; });
  });
  document.getElementById("add-prefixes").addEventListener("click", function () {
    var yasqe = currentYasqe();
    if (yasqe) yasqe.addPrefixes(data.prefixes);
  });

  // -- the examples: the named queries -----------------------------------------------------------
  var examples = {};
  data.examples.forEach(function (example) { examples[example.name] = example; });
  var select = document.getElementById("example-select");
  var description = document.getElementById("example-description");

  function element(tag, text) {
    var node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function describe(example) {
    description.replaceChildren();
    if (!example) return;
    description.appendChild(element("p", example.description));
    if (!example.params.length) return;
    description.appendChild(element(
      "p",
      "Its parameters are plain variables here, unbound (defaults apply only to unkg query): " +
      "to ask about one value, add VALUES ?name { ... } at the start of the WHERE block, " +
      "or write the term in place of the variable."
    ));
    var list = element("ul");
    example.params.forEach(function (param) {
      var item = element("li");
      item.appendChild(element("code", "?" + param.name));
      var about = " (" + param.type + (param.default !== null ? ", default " + param.default : "") +
        "): " + param.description;
      item.appendChild(document.createTextNode(about));
      list.appendChild(item);
    });
    description.appendChild(list);
  }

  select.addEventListener("change", function () {
    var example = examples[select.value];
    describe(example);
    var tab = yasgui.getTab();
    if (example && tab) {
      tab.setQuery(example.sparql);
      status.textContent = "";
    }
  });
})();
