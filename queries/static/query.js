// The newskg query page: runs SPARQL against /sparql and the named queries at /query/NAME.
// Every value from the graph is put on the page with textContent, never parsed as markup.
"use strict";

const ACCEPT = "application/sparql-results+json, text/turtle;q=0.9";
let prefixes = {};

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function compact(iri) {
  let best = null;
  for (const [prefix, namespace] of Object.entries(prefixes)) {
    if (iri.startsWith(namespace) && (!best || namespace.length > best[1].length)) {
      best = [prefix, namespace];
    }
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : iri;
}

function setStatus(text, isError) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.classList.toggle("error", Boolean(isError));
}

function setDownloads(base, params) {
  for (const format of ["csv", "json"]) {
    const link = document.getElementById(`download-${format}`);
    if (base === null) {
      link.removeAttribute("href");
      link.setAttribute("aria-disabled", "true");
      continue;
    }
    const query = new URLSearchParams(params);
    query.set("format", format);
    link.href = `${base}?${query.toString()}`;
    link.setAttribute("download", `result.${format}`);
    link.removeAttribute("aria-disabled");
  }
}

function termCell(term) {
  const cell = el("td");
  if (!term) return cell;
  if (term.type === "uri") {
    cell.textContent = compact(term.value);
    cell.title = term.value;
    cell.className = "iri";
  } else if (term.type === "bnode") {
    cell.textContent = `_:${term.value}`;
  } else {
    cell.textContent = term.value;
    const meta = term["xml:lang"] ? `@${term["xml:lang"]}` : "";
    if (meta) cell.appendChild(el("span", meta, "meta"));
  }
  return cell;
}

function showJson(data, response) {
  const results = document.getElementById("results");
  results.replaceChildren();
  if ("boolean" in data) {
    results.appendChild(el("p", `ASK: ${data.boolean}`, "boolean"));
    return "1 answer";
  }
  const vars = data.head.vars || [];
  const rows = data.results.bindings || [];
  if (response.headers.get("X-Newskg-Truncated") === "true") {
    const limit = response.headers.get("X-Newskg-Row-Limit");
    results.appendChild(
      el("p", `Only the first ${limit} rows are shown: the server cut the result.`, "notice"),
    );
  }
  const table = el("table");
  const head = el("tr");
  for (const name of vars) head.appendChild(el("th", name));
  table.appendChild(el("thead")).appendChild(head);
  const body = el("tbody");
  for (const binding of rows) {
    const tr = el("tr");
    for (const name of vars) tr.appendChild(termCell(binding[name]));
    body.appendChild(tr);
  }
  table.appendChild(body);
  results.appendChild(table);
  return `${rows.length} row${rows.length === 1 ? "" : "s"}`;
}

async function execute(url, init) {
  const button = document.getElementById("run");
  button.disabled = true;
  setStatus("Running…");
  const started = performance.now();
  try {
    const response = await fetch(url, init);
    const type = response.headers.get("Content-Type") || "";
    const elapsed = `${Math.round(performance.now() - started)} ms`;
    if (!response.ok) {
      setStatus(`${response.status}: ${(await response.text()).trim()}`, true);
      document.getElementById("results").replaceChildren();
      return;
    }
    if (type.includes("json")) {
      setStatus(`${showJson(await response.json(), response)} in ${elapsed}`);
    } else {
      const results = document.getElementById("results");
      results.replaceChildren(el("pre", await response.text(), "graph"));
      setStatus(`graph in ${elapsed}`);
    }
  } catch (error) {
    setStatus(`The request failed: ${error.message}`, true);
  } finally {
    button.disabled = false;
  }
}

function runEditor() {
  const query = document.getElementById("query").value;
  setDownloads("/sparql", { query });
  execute("/sparql", {
    method: "POST",
    headers: { Accept: ACCEPT, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ query }),
  });
}

function runNamed(spec, form) {
  const params = {};
  for (const param of spec.params) params[param.name] = form.elements[param.name].value;
  const base = `/query/${encodeURIComponent(spec.name)}`;
  setDownloads(base, params);
  document.getElementById("query").value = spec.text;
  execute(`${base}?${new URLSearchParams(params).toString()}`, { headers: { Accept: ACCEPT } });
}

function namedItem(spec) {
  const item = el("li");
  item.dataset.name = spec.name;
  const title = el("h3", spec.title || spec.name);
  title.appendChild(el("code", spec.name));
  item.appendChild(title);
  item.appendChild(el("p", spec.description));
  const form = el("form");
  form.noValidate = true;
  for (const param of spec.params) {
    const label = el("label", `${param.name} (${param.type}${param.required ? ", required" : ""})`, "param");
    const input = el("input");
    input.name = param.name;
    input.value = param.default ?? "";
    input.placeholder = param.description;
    input.title = param.description;
    label.appendChild(input);
    form.appendChild(label);
  }
  const actions = el("div", null, "actions");
  const run = el("button", "Run");
  run.type = "submit";
  const open = el("button", "Open in editor", "secondary");
  open.type = "button";
  open.addEventListener("click", () => {
    document.getElementById("query").value = spec.text;
    setStatus(`${spec.name}: parameters are bound only when run from this list`);
  });
  actions.append(run, open);
  form.appendChild(actions);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    runNamed(spec, form);
  });
  item.appendChild(form);
  return item;
}

async function loadNamed() {
  const list = document.getElementById("named-list");
  try {
    const [prefixResponse, queryResponse] = await Promise.all([fetch("/prefixes"), fetch("/queries")]);
    prefixes = await prefixResponse.json();
    const specs = await queryResponse.json();
    list.replaceChildren(...specs.map(namedItem));
  } catch (error) {
    list.replaceChildren(el("li", `Cannot load the named queries: ${error.message}`));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("run").addEventListener("click", runEditor);
  document.getElementById("query").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      runEditor();
    }
  });
  setDownloads(null, {});
  loadNamed();
});
