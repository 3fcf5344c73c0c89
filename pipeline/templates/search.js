// Site search: Pagefind's static index, queried in the browser (no server, no network).
// Results are built as DOM nodes; only text and <mark> from Pagefind's excerpts are kept.
const form = document.getElementById("search-form");
const input = document.getElementById("search-query");
const council = document.getElementById("search-council");
const body = document.getElementById("search-body");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const available = status && status.hasAttribute("data-offline");
let pagefind = null;
let latest = 0;

async function engine() {
  if (pagefind === null) {
    pagefind = await import("../pagefind/pagefind.js");
    await pagefind.options({ excerptLength: 30 });
    pagefind.init();
  }
  return pagefind;
}

// Pagefind URLs are site-absolute ("/council/body/date/index.html#item-4"); this page
// lives one folder down, so a relative link works wherever the site is served from.
function siteLink(url) {
  return ".." + url;
}

function excerpt(html) {
  const parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
  const out = document.createElement("p");
  for (const node of parsed.body.firstChild.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      out.append(mark);
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

function link(href, text) {
  const a = document.createElement("a");
  a.href = href;
  a.textContent = text;
  return a;
}

function result(data) {
  const li = document.createElement("li");
  const heading = document.createElement("h2");
  const title = [data.meta.title, data.meta.date].filter(Boolean).join(", ");
  heading.append(link(siteLink(data.url), title || data.url));
  li.append(heading);
  if (data.meta.council) {
    const where = document.createElement("p");
    where.className = "meta";
    where.textContent = data.meta.council;
    li.append(where);
  }
  const items = (data.sub_results || []).filter((s) => s.url.includes("#item-")).slice(0, 3);
  if (items.length) {
    const ul = document.createElement("ul");
    for (const sub of items) {
      const entry = document.createElement("li");
      entry.className = "item-hit";
      entry.append(link(siteLink(sub.url), sub.title), excerpt(sub.excerpt));
      ul.append(entry);
    }
    li.append(ul);
  } else {
    li.append(excerpt(data.excerpt));
  }
  return li;
}

async function run() {
  const query = input.value.trim();
  const ticket = ++latest;
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (council.value) params.set("council", council.value);
  if (body.value) params.set("body", body.value);
  history.replaceState(null, "", params.toString() ? "?" + params : location.pathname);
  if (!query) {
    list.replaceChildren();
    status.textContent = "Type a word or two to search.";
    return;
  }
  const filters = {};
  if (council.value) filters.council = council.value;
  if (body.value) filters.body = body.value;
  status.textContent = "Searching…";
  const found = await (await engine()).search(query, { filters });
  const shown = await Promise.all(found.results.slice(0, 20).map((r) => r.data()));
  if (ticket !== latest) return; // a newer query is on its way
  const count = found.results.length;
  status.textContent = count
    ? `${count} meeting${count === 1 ? "" : "s"} found for “${query}”.`
    : `No meetings found for “${query}”.`;
  list.replaceChildren(...shown.map(result));
}

if (available && form) {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  council.value = params.get("council") || "";
  body.value = params.get("body") || "";
  status.textContent = "Type a word or two to search.";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 200);
  });
  council.addEventListener("change", run);
  body.addEventListener("change", run);
  if (input.value) run();
}
