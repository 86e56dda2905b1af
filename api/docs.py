"""A readable page of the API, rendered on the server from the generated OpenAPI document.

Why server-side HTML rather than Swagger UI or Redoc: those load scripts and
styles from a CDN (nothing may be fetched from another site here) and need
inline scripts the Content-Security-Policy refuses. This page is plain HTML with
the site's own stylesheet, works without JavaScript, and cannot drift from the
document because it is drawn from it on every request.
"""
from __future__ import annotations

from html import escape

EXAMPLES = [
    ("Every indicator and its metadata", "curl -s https://HOST/api/v1/indicators"),
    ("One indicator for every council, as CSV",
     "curl -s 'https://HOST/api/v1/data?indicator=looked_after_rate&format=csv' -o looked_after_rate.csv"),
    ("Two councils from 2016, as JSON", "curl -s 'https://HOST/api/v1/data?indicator=looked_after_count&area=S12000049&area=S12000036&from=2016'"),
    ("In pandas", "import pandas as pd\n"
                  "rows = pd.read_csv('https://HOST/api/v1/data?indicator=looked_after_rate&format=csv', dtype={'period': str})"),
]


def _type(schema: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    if schema.get("type") == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if schema.get("type") == "object" and "additionalProperties" in schema:
        return f"object of {_type(schema['additionalProperties'])}"
    kind = schema.get("type", "any")
    return "null" if kind == "null" else str(kind)


def _constraints(schema: dict) -> str:
    parts = []
    for key, label in (("pattern", "form"), ("minimum", "at least"), ("maximum", "at most"), ("default", "default")):
        if key in schema and schema[key] is not None:
            parts.append(f"{label} <code>{escape(str(schema[key]))}</code>")
    return "; ".join(parts)


def _operation(path: str, method: str, operation: dict) -> str:
    rows = "".join(
        f"<tr><th scope=\"row\"><code>{escape(p['name'])}</code></th><td>{escape(p['in'])}</td>"
        f"<td>{escape(_type(p.get('schema', {})))}</td><td>{'yes' if p.get('required') else 'no'}</td>"
        f"<td>{escape(p.get('description') or p.get('schema', {}).get('description', ''))} {_constraints(p.get('schema', {}))}</td></tr>"
        for p in operation.get("parameters", [])
    )
    parameters = (f"<table><caption>Parameters</caption><thead><tr><th scope=\"col\">name</th><th scope=\"col\">in</th>"
                  f"<th scope=\"col\">type</th><th scope=\"col\">required</th><th scope=\"col\">meaning</th></tr></thead>"
                  f"<tbody>{rows}</tbody></table>") if rows else "<p>No parameters.</p>"
    responses = "".join(
        f"<li><strong>{escape(code)}</strong>: {escape(response.get('description', ''))}"
        + "".join(f" <code>{escape(media)}</code> {escape(_type(body.get('schema', {})))}" for media, body in response.get("content", {}).items())
        + "</li>"
        for code, response in sorted(operation.get("responses", {}).items())
    )
    anchor = operation.get("operationId", path)
    description = "".join(f"<p>{escape(line)}</p>" for line in operation.get("description", "").split("\n\n") if line.strip())
    return (f"<section class=\"card\" aria-labelledby=\"{escape(anchor)}\"><h3 id=\"{escape(anchor)}\"><code>{method.upper()} {escape(path)}</code></h3>"
            f"<p>{escape(operation.get('summary', ''))}</p>{description}{parameters}<h4>Responses</h4><ul>{responses}</ul></section>")


def _schema(name: str, schema: dict) -> str:
    rows = "".join(
        f"<tr><th scope=\"row\"><code>{escape(field)}</code></th><td>{escape(_type(spec))}</td>"
        f"<td>{escape(spec.get('description', ''))}</td></tr>"
        for field, spec in schema.get("properties", {}).items()
    )
    return (f"<section aria-labelledby=\"schema-{escape(name)}\"><h3 id=\"schema-{escape(name)}\">{escape(name)}</h3>"
            f"<p>{escape(schema.get('description', ''))}</p><table><caption>Fields of {escape(name)}</caption><thead><tr>"
            f"<th scope=\"col\">field</th><th scope=\"col\">type</th><th scope=\"col\">meaning</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></section>") if rows else ""


def render(document: dict) -> str:
    info = document["info"]
    operations = "".join(_operation(path, method, operation) for path, methods in document["paths"].items()
                         for method, operation in methods.items())
    schemas = "".join(_schema(name, schema) for name, schema in sorted(document["components"]["schemas"].items())
                      if not name.endswith("Query") and name != "NoQuery")
    examples = "".join(f"<h3>{escape(title)}</h3><pre><code>{escape(code)}</code></pre>" for title, code in EXAMPLES)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(info['title'])}</title><link rel="icon" type="image/x-icon" href="/_favicon.ico"><link rel="stylesheet" href="/assets/base.css"></head>
<body><a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><a class="site-name" href="/">Promise Progress dashboard</a></header>
<main id="main"><h1>{escape(info['title'])}</h1>
<p>{escape(info.get('description', ''))}</p>
<p>OpenAPI {escape(document['openapi'])} document: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>
(for code generators, Postman, schemathesis). Responses carry an <code>ETag</code> from the build: send it back in
<code>If-None-Match</code> for a 304. Each client may make {escape(document.get('x-rate-limit', 'a limited number of'))} requests;
more get a 429 with <code>Retry-After</code>. Errors are JSON naming the parameter at fault.</p>
<h2>Examples</h2>{examples}
<h2>Routes</h2>{operations}
<h2>Schemas</h2>{schemas}
</main>
<footer class="site-footer"><p>Figures under the Open Government Licence v3.0. Small numbers are withheld to protect
children's privacy: [c] confidential, [x] not available, [z] not applicable, [u] low reliability.</p></footer>
</body></html>"""
