//! The reference pages of `docs/`, generated from the schemas: one page per
//! op (`docs/ops/<op>.md`) and per rule data file (`docs/data/<name>.md`),
//! the index `docs/README.md`, and the error-code table inside
//! `docs/contract.md`. Every field list comes from a schema.

use crate::{BASE, Schemas, repo_root};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

const BEGIN: &str =
    "<!-- BEGIN generated from schema/defs/common.schema.json#/$defs/error_code -->";
const END: &str = "<!-- END generated -->";

/// Resolves `reference` (as written in a `$ref`) against the `$id` `base`.
fn resolve_uri(base: &str, reference: &str) -> (String, String) {
    let (file, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    if file.is_empty() {
        return (base.to_owned(), fragment.to_owned());
    }
    if file.starts_with("https://") {
        return (file.to_owned(), fragment.to_owned());
    }
    let mut parts: Vec<&str> = base.trim_start_matches(BASE).split('/').collect();
    parts.pop();
    for seg in file.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." => {}
            s => parts.push(s),
        }
    }
    (format!("{BASE}{}", parts.join("/")), fragment.to_owned())
}

/// A schema node and the `$id` of the document it is in.
#[derive(Clone, Copy)]
struct Node<'s> {
    base: &'s str,
    v: &'s Value,
}

impl<'s> Node<'s> {
    fn get(&self, k: &str) -> Option<&'s Value> {
        self.v.get(k)
    }

    fn str(&self, k: &str) -> &'s str {
        self.get(k).and_then(Value::as_str).unwrap_or("")
    }

    fn child(&self, v: &'s Value) -> Node<'s> {
        Node { base: self.base, v }
    }
}

struct Gen<'s> {
    s: &'s Schemas,
    /// The page's own folder depth below `docs/` (links to `../data/…`).
    prefix: &'s str,
    /// The data page being written, whose own root is not a link.
    this_data: Option<&'s str>,
    /// Sections still to render: (name, node).
    queue: Vec<(String, Node<'s>)>,
    /// Section key (`$id#pointer` or a path) → name.
    names: BTreeMap<String, String>,
}

impl<'s> Gen<'s> {
    fn target(&self, n: Node<'s>) -> Option<(String, String, Node<'s>)> {
        let r = n.get("$ref")?.as_str()?;
        let (id, frag) = resolve_uri(n.base, r);
        let (base, doc) = self
            .s
            .files
            .get_key_value(&id)
            .map(|(k, (_, d))| (k.as_str(), d))
            .unwrap_or_else(|| panic!("unresolved $ref {r} in {}", n.base));
        let v = doc
            .pointer(&frag)
            .unwrap_or_else(|| panic!("unresolved $ref {r} in {}", n.base));
        Some((id, frag, Node { base, v }))
    }

    /// Properties of an object shape, merged over `$ref` and `allOf`
    /// (own first), with the required names.
    fn props(&self, n: Node<'s>) -> (Vec<(String, Node<'s>)>, BTreeSet<String>) {
        let mut props: Vec<(String, Node<'s>)> = Vec::new();
        let mut required = BTreeSet::new();
        self.collect(n, &mut props, &mut required);
        (props, required)
    }

    fn collect(
        &self,
        n: Node<'s>,
        props: &mut Vec<(String, Node<'s>)>,
        req: &mut BTreeSet<String>,
    ) {
        for (k, p) in n
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if !props.iter().any(|(name, _)| name == k) {
                props.push((k.clone(), n.child(p)));
            }
        }
        for r in n
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            req.insert(r.as_str().unwrap().to_owned());
        }
        if let Some((_, _, t)) = self.target(n) {
            self.collect(t, props, req);
        }
        for b in n
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            self.collect(n.child(b), props, req);
        }
    }

    fn is_shape(&self, n: Node<'s>) -> bool {
        n.get("properties").is_some()
            || n.get("allOf").is_some_and(|a| {
                a.as_array()
                    .unwrap()
                    .iter()
                    .any(|b| self.is_shape(n.child(b)) || b.get("$ref").is_some())
            })
    }

    /// A link to the section of a shape, queued once.
    fn section(&mut self, key: String, name: String, n: Node<'s>) -> String {
        let name = match self.names.get(&key) {
            Some(existing) => existing.clone(),
            None => {
                let mut name = name;
                while self.names.values().any(|v| *v == name) {
                    name.push('\'');
                }
                self.names.insert(key, name.clone());
                self.queue.push((name.clone(), n));
                name
            }
        };
        format!("[`{name}`](#{})", slug(&name))
    }

    /// The type of a node, as a short Markdown phrase; shapes become links to
    /// their sections (named after `path` when they have no name).
    fn ty(&mut self, n: Node<'s>, path: &str) -> String {
        if let Some((id, frag, t)) = self.target(n) {
            let rel = id.trim_start_matches(BASE);
            if let Some(data) = rel
                .strip_prefix("data/")
                .and_then(|r| r.strip_suffix(".schema.json"))
            {
                if (frag.is_empty() || frag == "/$defs/norm") && self.this_data != Some(data) {
                    return format!("[{data}]({}data/{data}.md)", self.prefix);
                }
            }
            if frag == "/$defs/error_code" {
                return format!("[error code]({}contract.md#error-codes)", self.prefix);
            }
            if self.is_shape(t) && n.get("properties").is_none() {
                let name = frag
                    .rsplit('/')
                    .next()
                    .filter(|s| !s.is_empty())
                    .unwrap_or(path);
                return self.section(format!("{id}#{frag}"), name.to_owned(), t);
            }
            if n.get("properties").is_none() && n.get("allOf").is_none() {
                return self.ty(t, path);
            }
        }
        if let Some(c) = n.get("const") {
            return code(c);
        }
        if let Some(Value::Array(e)) = n.get("enum") {
            return e.iter().map(code).collect::<Vec<_>>().join(" · ");
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(branches)) = n.get(key) {
                if n.get("properties").is_none() {
                    if branches.iter().all(|b| b.get("const").is_some()) {
                        return branches
                            .iter()
                            .map(|b| code(&b["const"]))
                            .collect::<Vec<_>>()
                            .join(" · ");
                    }
                    let parts: Vec<String> = branches
                        .iter()
                        .enumerate()
                        .map(|(i, b)| {
                            let p = if branches.len() > 1
                                && self.is_shape(n.child(b))
                                && b.get("$ref").is_none()
                            {
                                let keys: Vec<&str> = b["required"]
                                    .as_array()
                                    .into_iter()
                                    .flatten()
                                    .filter_map(Value::as_str)
                                    .collect();
                                format!(
                                    "{path} {{{}}}",
                                    if keys.is_empty() {
                                        (i + 1).to_string()
                                    } else {
                                        keys.join(", ")
                                    }
                                )
                            } else {
                                path.to_owned()
                            };
                            self.ty(n.child(b), &p)
                        })
                        .collect();
                    return parts.join(" or ");
                }
            }
        }
        if self.is_shape(n) {
            let nullable = n
                .get("type")
                .and_then(Value::as_array)
                .is_some_and(|t| t.contains(&Value::from("null")));
            let link = self.section(format!("{}#{path}", n.base), path.to_owned(), n);
            return if nullable {
                format!("{link} or null")
            } else {
                link
            };
        }
        let types: Vec<&str> = match n.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => return "any".to_owned(),
        };
        types
            .into_iter()
            .map(|t| self.one_type(n, t, path))
            .collect::<Vec<_>>()
            .join(" or ")
    }

    fn one_type(&mut self, n: Node<'s>, t: &str, path: &str) -> String {
        let num = |k: &str| n.get(k).map(|v| v.to_string());
        match t {
            "string" if n.str("format") == "date" => "date `YYYY-MM-DD`".to_owned(),
            "string" if n.str("pattern") == "\\S" => "string (not blank)".to_owned(),
            "string" if !n.str("pattern").is_empty() => {
                format!("string matching `{}`", n.str("pattern"))
            }
            "string" if n.get("minLength").is_some() => "string (not empty)".to_owned(),
            "integer" | "number" => {
                let word = if t == "integer" { "integer" } else { "number" };
                match (num("minimum"), num("maximum"), num("exclusiveMinimum")) {
                    (Some(lo), Some(hi), _) => format!("{word} {lo}–{hi}"),
                    (Some(lo), None, _) => format!("{word} ≥ {lo}"),
                    (None, Some(hi), _) => format!("{word} ≤ {hi}"),
                    (None, None, Some(lo)) => format!("{word} > {lo}"),
                    _ => word.to_owned(),
                }
            }
            "array" => match n.get("items") {
                Some(items) => {
                    let inner = self.ty(n.child(items), &format!("{path}[]"));
                    let unique = if n.get("uniqueItems") == Some(&Value::Bool(true)) {
                        ", none repeated"
                    } else {
                        ""
                    };
                    format!("array of {inner}{unique}")
                }
                None => "array".to_owned(),
            },
            "object" => match n.get("additionalProperties") {
                Some(a) if a.is_object() => {
                    format!(
                        "object of name → {}",
                        self.ty(n.child(a), &format!("{path}{{}}"))
                    )
                }
                _ => "object".to_owned(),
            },
            other => other.to_owned(),
        }
    }

    /// The table of a shape's properties (or its forms).
    fn table(&mut self, n: Node<'s>, path: &str, root: &str, out: &mut String) {
        let (mut props, required) = self.props(n);
        // `op` first, then the required fields, then the optional ones.
        props.sort_by_key(|(name, _)| (name != "op", !required.contains(name), name.clone()));
        if !props.is_empty() {
            out.push_str("| field | type | required | default | 说明 · description |\n|---|---|---|---|---|\n");
            for (name, p) in &props {
                let field_path = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                let ty = self.ty(*p, &field_path);
                let default = p
                    .get("default")
                    .map(|d| format!("`{d}`"))
                    .unwrap_or_default();
                let req = if required.contains(name) { "yes" } else { "" };
                out.push_str(&format!(
                    "| `{name}` | {} | {req} | {default} | {}<br>{} |\n",
                    cell(&ty),
                    cell(p.str("title")),
                    cell(p.str("description"))
                ));
            }
            out.push('\n');
        }
        if let Some(Value::Array(forms)) = n.get("oneOf") {
            out.push_str("Exactly one of:\n\n");
            for (i, f) in forms.iter().enumerate() {
                let f = n.child(f);
                let p = format!("{} ({})", if path.is_empty() { root } else { path }, i + 1);
                let ty = if props.is_empty() {
                    format!(" → {}", self.ty(f, &p))
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "- {} {}{ty}\n",
                    f.str("title"),
                    f.str("description")
                ));
            }
            out.push('\n');
        }
    }

    /// Renders the queued sections (and those they queue).
    fn sections(&mut self, out: &mut String) {
        let mut i = 0;
        while i < self.queue.len() {
            let (name, n) = self.queue[i].clone();
            out.push_str(&format!("### `{name}`\n\n"));
            let (zh, en) = (n.str("title"), n.str("description"));
            if !zh.is_empty() {
                out.push_str(&format!("{zh}\n{en}\n\n"));
            }
            self.table(n, &name, &name, out);
            i += 1;
        }
        self.queue.clear();
    }
}

fn code(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        v => format!("`{v}`"),
    }
}

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// GitHub's anchor of a heading.
fn slug(heading: &str) -> String {
    heading
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_' || *c == ' ')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap()
}

fn op_page(s: &Schemas, op: &str) -> String {
    let req_id = format!("{BASE}ops/{op}.request.schema.json");
    let res_id = format!("{BASE}ops/{op}.result.schema.json");
    let (_, req) = &s.files[&req_id];
    let (_, res) = &s.files[&res_id];
    let mut g = Gen {
        s,
        prefix: "../",
        this_data: None,
        queue: Vec::new(),
        names: BTreeMap::new(),
    };
    let mut out = format!(
        "<!-- Generated from schema/ops/{op}.*.schema.json by core/tests/schema; do not edit. -->\n\
         # `{op}`\n\n{}\n\n{}\n\n\
         Schemas: [request](../../schema/ops/{op}.request.schema.json) · \
         [result](../../schema/ops/{op}.result.schema.json) · [the envelope and reading rules](../contract.md)\n\n\
         ## Request\n\n",
        req["title"].as_str().unwrap(),
        req["description"].as_str().unwrap()
    );
    g.table(
        Node {
            base: &req_id,
            v: req,
        },
        "",
        "request",
        &mut out,
    );
    g.sections(&mut out);
    out.push_str(&format!(
        "## Result\n\n{}\n{}\n\n",
        res["title"].as_str().unwrap(),
        res["description"].as_str().unwrap()
    ));
    g.table(
        Node {
            base: &res_id,
            v: res,
        },
        "",
        "result",
        &mut out,
    );
    g.sections(&mut out);
    out.push_str("## Errors\n\n| code | 说明 · description |\n|---|---|\n");
    for e in req["x-errors"].as_array().unwrap() {
        out.push_str(&format!(
            "| `{}` | {}<br>{} |\n",
            e["code"].as_str().unwrap(),
            cell(e["title"].as_str().unwrap()),
            cell(e["description"].as_str().unwrap())
        ));
    }
    out.push_str(
        "\nAny request may also fail with `invalid_json`, `unknown_op` or `internal_error` \
         ([error codes](../contract.md#error-codes)). In a batch, a row's error is \
         `{\"id\", \"error\"}` in the result and the other rows are still computed.\n\n",
    );
    let response = serde_json::json!({"ok": true, "result": res["examples"][0]});
    out.push_str(&format!(
        "## Example\n\n```json\n{}\n```\n\n```json\n{}\n```\n",
        pretty(&req["examples"][0]),
        pretty(&response)
    ));
    out
}

fn data_page(s: &Schemas, name: &str) -> String {
    let id = format!("{BASE}data/{name}.schema.json");
    let (_, doc) = &s.files[&id];
    let mut g = Gen {
        s,
        prefix: "../",
        this_data: Some(name),
        queue: Vec::new(),
        names: BTreeMap::new(),
    };
    let mut out = format!(
        "<!-- Generated from schema/data/{name}.schema.json by core/tests/schema; do not edit. -->\n\
         # `{name}`\n\n{}\n\n{}\n\n\
         Schema: [`schema/data/{name}.schema.json`](../../schema/data/{name}.schema.json) · \
         built-in data: [`core/data/{name}.json`](../../core/data/{name}.json)\n\n\
         ## Fields\n\n",
        doc["title"].as_str().unwrap(),
        doc["description"].as_str().unwrap()
    );
    g.table(Node { base: &id, v: doc }, "", name, &mut out);
    g.sections(&mut out);
    out
}

fn first_sentence(s: &str) -> &str {
    s.split_once(". ")
        .map_or(s, |(a, _)| a)
        .trim_end_matches('.')
}

fn index(s: &Schemas, data: &[String]) -> String {
    let mut out = String::from(
        "<!-- Generated from schema/ by core/tests/schema; do not edit. -->\n\
         # wangshi JSON contract — reference\n\n\
         Every capability of wangshi is one JSON request, `{\"op\": \"<name>\", ...fields}`, answered with \
         an envelope. [The contract](contract.md) describes the envelope, error codes, paths, dates, \
         reading rules and audit stamps; the pages below give each op's fields, types, defaults, errors \
         and an example. All of it is generated from the JSON Schemas (2020-12) in \
         [`schema/`](../schema/README.md), which a program can use to check requests and responses.\n\n\
         ## Ops\n\n| op | 说明 | description |\n|---|---|---|\n",
    );
    for op in wangshi::ops() {
        let (_, req) = &s.files[&format!("{BASE}ops/{op}.request.schema.json")];
        out.push_str(&format!(
            "| [`{op}`](ops/{op}.md) | {} | {}. |\n",
            cell(req["title"].as_str().unwrap()),
            cell(first_sentence(req["description"].as_str().unwrap()))
        ));
    }
    out.push_str(
        "\n## Rule data\n\nThe rules are data. Each data set is built in and may be replaced per request by \
         the field named here.\n\n| data | request field | 说明 | description |\n|---|---|---|---|\n",
    );
    for name in data {
        let (_, doc) = &s.files[&format!("{BASE}data/{name}.schema.json")];
        let field = match name.as_str() {
            "visit_policy" => "`policy`",
            "triage_rules" => "`rules`",
            "catalog" => "`catalog`",
            "grid_size_norm" => "`norm`",
            "calendar_cn" => "`calendar`",
            "handling_policy" => "`handling`",
            _ => "",
        };
        out.push_str(&format!(
            "| [`{name}`](data/{name}.md) | {field} | {} | {}. |\n",
            cell(first_sentence(doc["title"].as_str().unwrap())),
            cell(first_sentence(doc["description"].as_str().unwrap()))
        ));
    }
    out
}

fn error_table(s: &Schemas) -> String {
    let (_, common) = &s.files[&format!("{BASE}defs/common.schema.json")];
    let mut out = String::from("| n | code | 说明 | description |\n|---|---|---|---|\n");
    for b in common["$defs"]["error_code"]["oneOf"].as_array().unwrap() {
        out.push_str(&format!(
            "| {} | `{}` | {} | {} |\n",
            b["x-number"],
            b["const"].as_str().unwrap(),
            cell(b["title"].as_str().unwrap()),
            cell(b["description"].as_str().unwrap())
        ));
    }
    out
}

/// Every generated page, by path relative to the checkout.
pub(crate) fn pages(s: &Schemas) -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    for op in wangshi::ops() {
        pages.insert(format!("docs/ops/{op}.md"), op_page(s, op));
    }
    let data: Vec<String> = s
        .files
        .values()
        .filter_map(|(rel, _)| {
            rel.strip_prefix("data/")?
                .strip_suffix(".schema.json")
                .map(str::to_owned)
        })
        .collect();
    for name in &data {
        pages.insert(format!("docs/data/{name}.md"), data_page(s, name));
    }
    pages.insert("docs/README.md".to_owned(), index(s, &data));
    let contract_path = repo_root().join("docs/contract.md");
    let contract = std::fs::read_to_string(&contract_path).expect("docs/contract.md");
    let (head, rest) = contract
        .split_once(BEGIN)
        .expect("docs/contract.md has the BEGIN marker");
    let (_, tail) = rest
        .split_once(END)
        .expect("docs/contract.md has the END marker");
    pages.insert(
        "docs/contract.md".to_owned(),
        format!("{head}{BEGIN}\n{}{END}{tail}", error_table(s)),
    );
    pages
}

/// The fields of `example` (an instance of `schema/<rel>`) whose schema
/// gives a `default`, as paths of keys and indices, with the default.
pub(crate) fn defaulted_fields(
    rel: &str,
    example: &Value,
    path: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Value)>,
) {
    let s = crate::schemas();
    let id = format!("{BASE}{rel}");
    let (base, (_, doc)) = s.files.get_key_value(&id).unwrap();
    let g = Gen {
        s,
        prefix: "",
        this_data: None,
        queue: Vec::new(),
        names: BTreeMap::new(),
    };
    walk(&g, Node { base, v: doc }, example, path, out);
}

fn walk<'s>(
    g: &Gen<'s>,
    n: Node<'s>,
    v: &Value,
    path: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Value)>,
) {
    let Some(obj) = v.as_object() else { return };
    let (props, _) = g.props(n);
    for (k, p) in &props {
        if let Some(d) = p.get("default") {
            path.push(k.clone());
            out.push((path.clone(), d.clone()));
            path.pop();
        }
    }
    for (k, field) in obj {
        let Some((_, p)) = props.iter().find(|(name, _)| name == k) else {
            continue;
        };
        path.push(k.clone());
        match field {
            Value::Object(_) => {
                if let Some(shape) = shape_of(g, *p) {
                    walk(g, shape, field, path, out);
                }
            }
            Value::Array(items) => {
                let item_schema = shape_of(g, *p)
                    .and_then(|a| a.get("items").map(|i| a.child(i)))
                    .and_then(|i| shape_of(g, i));
                if let Some(shape) = item_schema {
                    for (i, item) in items.iter().enumerate() {
                        path.push(i.to_string());
                        walk(g, shape, item, path, out);
                        path.pop();
                    }
                }
            }
            _ => {}
        }
        path.pop();
    }
}

/// The object (or array) schema a property's value has: through `$ref` and
/// the non-null branch of an `anyOf`.
fn shape_of<'s>(g: &Gen<'s>, n: Node<'s>) -> Option<Node<'s>> {
    if n.get("properties").is_some() || n.get("items").is_some() || n.get("allOf").is_some() {
        return Some(n);
    }
    if let Some((_, _, t)) = g.target(n) {
        return shape_of(g, t);
    }
    let branches: &Map<String, Value> = n.v.as_object()?;
    branches
        .get("anyOf")?
        .as_array()?
        .iter()
        .find(|b| b.get("type") != Some(&Value::String("null".into())))
        .and_then(|b| shape_of(g, n.child(b)))
}
