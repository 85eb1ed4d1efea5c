// SPARC-J latent atlas: renders the pages from the data scripts that `sparc atlas` writes. Data comes in
// through <script> files calling atlasData(name, value), because browsers block fetch between file:// pages.
"use strict";

var ATLAS = {};
var atlasWaiting = {};

function atlasData(name, value) {
  ATLAS[name] = value;
  if (atlasWaiting[name]) atlasWaiting[name](value);
}

/** Loads data/<path> as a script and calls done with the value it hands to atlasData(name, ...). */
function loadScript(path, name, done) {
  atlasWaiting[name] = done;
  var s = document.createElement("script");
  s.src = path;
  s.onerror = function () { show(el("p", {}, "Cannot load " + path + ".")); };
  document.body.appendChild(s);
}

function el(tag, attrs) {
  var e = document.createElement(tag);
  for (var k in attrs) {
    if (k === "onclick" || k === "oninput" || k === "onchange") e[k] = attrs[k];
    else e.setAttribute(k, attrs[k]);
  }
  for (var i = 2; i < arguments.length; i++) append(e, arguments[i]);
  return e;
}

/** Appends a node, a text (any non-object value) or, recursively, an array of them; null adds nothing. */
function append(parent, c) {
  if (c === null || c === undefined) return;
  if (Array.isArray(c)) c.forEach(function (x) { append(parent, x); });
  else parent.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
}

function show(node) {
  var app = document.getElementById("app");
  app.textContent = "";
  app.appendChild(node);
}

function param(name) {
  return new URLSearchParams(window.location.search).get(name);
}

function fmt(x) {
  if (x === null || x === undefined) return "-";
  if (x === 0) return "0";
  return Math.abs(x) >= 0.001 ? x.toPrecision(3).replace(/\.?0+$/, "") : x.toExponential(2);
}

function label(c) {
  var idx = ATLAS.index;
  return c >= 0 && idx.labels.length > c ? idx.labels[c] : "-";
}

function latentLink(j) { return el("a", {href: "latent.html?j=" + j}, "#" + j); }
function conceptLink(c) { return c >= 0 ? el("a", {href: "concept.html?c=" + c}, label(c)) : "-"; }
function hasLabels() { return ATLAS.index.labels.length > 0; }

function header(title) {
  var idx = ATLAS.index;
  return [el("h1", {}, title), el("div", {"class": "meta"}, idx.title + " \u2014 " + idx.topk + " TopK, k = " + idx.k + ", L = "
      + idx.latents + ", " + idx.rows + " analysis rows of " + idx.source + "; streams: " + idx.streams.join(", "))];
}

// ---------------------------------------------------------------------------------------------
// Index of all latents

function indexPage() {
  var idx = ATLAS.index, m = idx.streams.length;
  var cols = [{name: "latent", key: function (j) { return j; }, cell: latentLink}];
  idx.streams.forEach(function (s, si) {
    cols.push({name: "rate " + s, num: true, key: function (j) { return idx.rate[si][j]; }});
  });
  cols.push({name: "pattern", key: function (j) { return idx.pattern[j]; },
    cell: function (j) { return el("span", {"class": "pattern-" + idx.pattern[j]}, idx.pattern[j]); }});
  if (hasLabels()) {
    idx.streams.forEach(function (s, si) {
      cols.push({name: "concept " + s, key: function (j) { return label(idx.concept[si][j]); },
        cell: function (j) { return conceptLink(idx.concept[si][j]); }});
      cols.push({name: "purity " + s, num: true, key: function (j) { return idx.purity[si][j]; }});
    });
    cols.push({name: "top label", key: function (j) { return label(idx.topLabel[j]); },
      cell: function (j) { return conceptLink(idx.topLabel[j]); }});
    cols.push({name: "Jaccard", num: true, key: function (j) { return idx.jaccard[j]; }});
  }
  idx.cosine.forEach(function (p) {
    cols.push({name: "cos " + p.a + "/" + p.b, num: true, key: function (j) { return p.values[j]; }});
  });

  var state = {sort: 0, asc: true, text: "", pattern: "", minRate: 0, limit: 200};
  var count = el("span", {});
  var table = el("table", {id: "latents"});
  var more = el("button", {onclick: function () { state.limit += 500; render(); }}, "show more");

  function matches(j) {
    if (state.pattern && idx.pattern[j] !== state.pattern) return false;
    if (state.minRate > 0) {
      var any = false;
      for (var s = 0; s < m; s++) if (idx.rate[s][j] >= state.minRate) any = true;
      if (!any) return false;
    }
    if (state.text) {
      var t = state.text, hay = "#" + j;
      if (hasLabels()) {
        for (var si = 0; si < m; si++) hay += " " + label(idx.concept[si][j]);
        hay += " " + label(idx.topLabel[j]);
      }
      if (hay.toLowerCase().indexOf(t) < 0) return false;
    }
    return true;
  }

  function render() {
    var rows = [];
    for (var j = 0; j < idx.latents; j++) if (matches(j)) rows.push(j);
    var col = cols[state.sort];
    rows.sort(function (a, b) {
      var x = col.key(a), y = col.key(b);
      var c = x < y ? -1 : x > y ? 1 : a - b;
      return state.asc ? c : -c;
    });
    table.textContent = "";
    table.appendChild(el("tr", {}, cols.map(function (c, i) {
      return el("th", {"class": i === state.sort ? "sorted" + (state.asc ? " asc" : "") : "", title: "sort by " + c.name,
        onclick: function () { state.asc = state.sort === i ? !state.asc : !c.num; state.sort = i; render(); }}, c.name);
    })));
    rows.slice(0, state.limit).forEach(function (j) {
      table.appendChild(el("tr", {"class": "latent-row"}, cols.map(function (c) {
        return el("td", c.num ? {"class": "num"} : {}, c.cell ? c.cell(j) : c.num ? fmt(c.key(j)) : c.key(j));
      })));
    });
    count.textContent = rows.length + " of " + idx.latents + " latents match; showing " + Math.min(rows.length, state.limit) + ".";
    more.style.display = rows.length > state.limit ? "" : "none";
  }

  var patternSelect = el("select", {onchange: function () { state.pattern = this.value; render(); }},
      el("option", {value: ""}, "any pattern"), el("option", {value: "all-alive"}, "all-alive"),
      el("option", {value: "mixed"}, "mixed"), el("option", {value: "dead"}, "dead"));
  var controls = el("div", {"class": "controls"},
      el("input", {type: "search", placeholder: hasLabels() ? "filter by concept or label" : "filter by #latent",
        oninput: function () { state.text = this.value.trim().toLowerCase(); render(); }}),
      patternSelect,
      el("label", {}, "min firing rate (any stream) ",
          el("input", {type: "number", min: "0", max: "1", step: "0.001", value: "0",
            oninput: function () { state.minRate = parseFloat(this.value) || 0; render(); }})),
      count);
  show(el("div", {}, header("Latents"), controls, el("div", {"class": "scroll"}, table), more));
  render();
}

// ---------------------------------------------------------------------------------------------
// One latent

function latentPage() {
  var idx = ATLAS.index, j = parseInt(param("j"), 10);
  if (!(j >= 0 && j < idx.latents)) { show(el("p", {}, "No latent " + param("j") + " (0.." + (idx.latents - 1) + ").")); return; }
  var shard = Math.floor(j / idx.shard);
  loadScript("data/latents/" + shard + ".js", "shard", function (data) { renderLatent(j, data); });
}

function renderLatent(j, data) {
  var idx = ATLAS.index, hits = data.latents[j - data.first];
  var facts = [];
  idx.streams.forEach(function (s, si) {
    var f = "firing rate " + s + ": " + fmt(idx.rate[si][j]);
    if (hasLabels()) f += ", concept " + label(idx.concept[si][j]) + " (purity " + fmt(idx.purity[si][j]) + ")";
    facts.push(el("li", {}, f));
  });
  facts.push(el("li", {}, "pattern: " + idx.pattern[j]));
  if (hasLabels()) {
    facts.push(el("li", {}, "top label: ", conceptLink(idx.topLabel[j])));
    facts.push(el("li", {}, "Jaccard: " + fmt(idx.jaccard[j])));
  }
  idx.cosine.forEach(function (p) {
    facts.push(el("li", {}, "cosine of the decoder directions " + p.a + " / " + p.b + ": " + fmt(p.values[j])));
  });
  var columns = idx.streams.map(function (s, si) {
    var list = hits[si];
    return el("section", {"class": "stream"}, el("h2", {}, s + " (" + list.length + " top samples)"),
        list.length === 0 ? el("p", {}, "Never fires in this stream.") : list.map(function (h) {
          return sampleCard(data.samples[String(h[0])], h[1], h[2]);
        }));
  });
  var nav = el("p", {}, j > 0 ? el("a", {href: "latent.html?j=" + (j - 1)}, "\u2190 #" + (j - 1)) : null, " ",
      j + 1 < idx.latents ? el("a", {href: "latent.html?j=" + (j + 1)}, "#" + (j + 1) + " \u2192") : null);
  show(el("div", {}, header("Latent #" + j), el("ul", {}, facts), nav, el("div", {"class": "streams"}, columns)));
}

function sampleCard(s, value, heat) {
  return el("div", {"class": "sample"},
      heat ? el("img", {src: heat, alt: "heatmap of " + s.id, title: "each patch's contribution to this latent"})
          : s.image ? el("img", {src: s.image, alt: s.id}) : null,
      el("span", {"class": "act", title: "activation"}, fmt(value)),
      el("div", {"class": "id"}, s.id),
      s.labels && s.labels.length ? el("div", {"class": "labels"}, s.labels.map(label).join(", ")) : null,
      s.text ? el("div", {"class": "text"}, s.text) : null);
}

// ---------------------------------------------------------------------------------------------
// Concepts

function conceptPage() {
  var idx = ATLAS.index, m = idx.streams.length;
  if (!hasLabels()) { show(el("div", {}, header("Concepts"), el("p", {}, "The run's data has no labels."))); return; }
  var perConcept = idx.labels.map(function () { return idx.streams.map(function () { return 0; }); });
  for (var s = 0; s < m; s++)
    for (var j = 0; j < idx.latents; j++) if (idx.concept[s][j] >= 0) perConcept[idx.concept[s][j]][s]++;
  var c = param("c") === null ? -1 : parseInt(param("c"), 10);
  var parts = [header(c >= 0 ? "Concept: " + label(c) : "Concepts")];
  if (c >= 0) {
    var rows = [];
    for (var jj = 0; jj < idx.latents; jj++) {
      var any = false;
      for (var si = 0; si < m; si++) if (idx.concept[si][jj] === c) any = true;
      if (any) rows.push(jj);
    }
    if (idx.parents[c] >= 0) parts.push(el("p", {}, "parent: ", conceptLink(idx.parents[c])));
    parts.push(el("p", {}, rows.length + " latents are assigned " + label(c) + " in at least one stream."));
    parts.push(el("div", {"class": "scroll"}, el("table", {id: "concept-latents"},
        el("tr", {}, el("th", {}, "latent"), idx.streams.map(function (s) { return el("th", {}, "purity " + s); })),
        rows.map(function (j) {
          return el("tr", {}, el("td", {}, latentLink(j)), idx.streams.map(function (s, si) {
            return el("td", {"class": "num"}, idx.concept[si][j] === c ? fmt(idx.purity[si][j]) : "-");
          }));
        }))));
  }
  var order = idx.labels.map(function (_, i) { return i; }).filter(function (i) {
    return perConcept[i].some(function (n) { return n > 0; });
  });
  order.sort(function (a, b) { return Math.max.apply(null, perConcept[b]) - Math.max.apply(null, perConcept[a]) || a - b; });
  parts.push(el("h2", {}, "Latents per concept"));
  parts.push(el("p", {}, order.length + " concepts take at least one latent (most first)."));
  parts.push(el("div", {"class": "scroll"}, el("table", {id: "concept-counts"},
      el("tr", {}, el("th", {}, "concept"), idx.streams.map(function (s) { return el("th", {}, "latents " + s); })),
      order.map(function (i) {
        return el("tr", {}, el("td", {}, conceptLink(i)), perConcept[i].map(function (n) { return el("td", {"class": "num"}, n); }));
      }))));
  show(el("div", {}, parts));
}

// ---------------------------------------------------------------------------------------------
// Search over label names, captions and sample IDs

function searchPage() {
  var q = (param("q") || "").trim();
  var input = el("input", {type: "search", name: "q", value: q, placeholder: "label, caption or sample ID", size: "40"});
  var form = el("form", {action: "search.html", method: "get"}, input, " ", el("button", {type: "submit"}, "search"));
  var parts = [header("Search"), form];
  if (q) {
    var t = q.toLowerCase(), idx = ATLAS.index;
    var labels = [];
    idx.labels.forEach(function (name, c) { if (name.toLowerCase().indexOf(t) >= 0) labels.push(c); });
    parts.push(el("h2", {}, labels.length + " labels"));
    parts.push(el("ul", {}, labels.slice(0, 200).map(function (c) { return el("li", {}, conceptLink(c)); })));
    var samples = ATLAS.search.filter(function (s) {
      return s[0].toLowerCase().indexOf(t) >= 0 || s[1].toLowerCase().indexOf(t) >= 0;
    });
    parts.push(el("h2", {}, samples.length + " samples (among those shown on latent pages)"));
    parts.push(el("ul", {id: "sample-results"}, samples.slice(0, 200).map(function (s) {
      return el("li", {}, el("span", {"class": "id"}, s[0]), s[1] ? " \u2014 " + s[1] : "", " \u2014 top sample of ",
          s[2].slice(0, 30).map(function (j) { return [latentLink(j), " "]; }));
    })));
  }
  show(el("div", {}, parts));
}

function atlasPage() {
  if (!ATLAS.index) { show(el("p", {}, "Cannot load data/index.js.")); return; }
  var page = document.body.getAttribute("data-page");
  ({index: indexPage, latent: latentPage, concept: conceptPage, search: searchPage})[page]();
}
