using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SolarSync.Tests.Host;

/// <summary>One request of the sweep: one part of one operation made hostile, everything else valid-looking.</summary>
internal sealed record HostileCase(string Operation, string Target, string Value, string Method, string PathAndQuery, byte[]? Body, string? ContentType)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), PathAndQuery);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null) request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(ContentType);
        }
        return request;
    }

    public override string ToString() => $"{Operation} [{Target} = {Value}]";
}

/// <summary>
/// Generates the hostile cases of every operation of an OpenAPI document: each path and query parameter, each JSON
/// body property (nested objects and array items too) and each multipart field in turn takes every hostile value,
/// and each body is also sent whole-body broken. What a valid value is comes from the caller (ids that must exist are
/// the test's to know); a parameter it has no value for fails the sweep, so a new endpoint cannot slip past. A body may
/// have several valid variants (validBody(path, 0), (path, 1), … until null), e.g. a solar and a wind site, so that
/// properties valid for one kind only are swept too.
/// </summary>
internal sealed class HostileCases(
    JsonObject document, Func<string, string, string> validParameter, Func<string, int, JsonObject?> validBody, Func<byte[]> validFile)
{
    /// <summary>Percent-encoded as they go into a path segment or a query value.</summary>
    private static readonly (string Label, string Encoded)[] UrlValues =
    [
        ("empty", ""), ("blank", "%20%20"), ("NUL", "%00"), ("control characters", "%01%1F%7F"), ("CR LF", "%0D%0A"),
        ("unicode", Uri.EscapeDataString("Ünïcødé ☀ 𝔘 \u202e")), ("invalid UTF-8", "%ED%A0%80%FF"),
        ("negative", "-1"), ("zero", "0"), ("fraction", "0.5"), ("int overflow", "2147483648"), ("long overflow", "9223372036854775808"),
        ("long minimum", "-9223372036854775808"), ("huge", "1e308"), ("beyond double", "1e309"), ("NaN", "NaN"),
        ("Infinity", "Infinity"), ("-Infinity", "-Infinity"), ("hex", "0x10"), ("Arabic-Indic digits", Uri.EscapeDataString("١٢")),
        ("first date", "0001-01-01"), ("last date", "9999-12-31"), ("last instant", Uri.EscapeDataString("9999-12-31T23:59:59.9999999+14:00")),
        ("first instant", Uri.EscapeDataString("0001-01-01T00:00:00-14:00")), ("year zero", "0000-00-00"), ("30 February", "2025-02-30"),
        ("SQL", Uri.EscapeDataString("1' OR '1'='1")), ("SQL statement", Uri.EscapeDataString("1; DROP TABLE sites.sites; --")),
        ("traversal", Uri.EscapeDataString("../../../etc/passwd")), ("double-encoded traversal", "..%252F..%252Fetc%252Fpasswd"),
        ("backslash traversal", Uri.EscapeDataString(@"..\..\win.ini")), ("format string", Uri.EscapeDataString("%s%n{0}")),
        ("markup", Uri.EscapeDataString("<script>alert(1)</script>")), ("4000 digits", new string('9', 4000)), ("4000 letters", new string('a', 4000)),
    ];

    /// <summary>JSON tokens that replace one property's value.</summary>
    private static readonly (string Label, string Json)[] JsonValues =
    [
        ("text", "\"text\""), ("empty string", "\"\""), ("true", "true"), ("empty array", "[]"), ("empty object", "{}"), ("null", "null"),
        ("negative", "-1"), ("zero", "0"), ("fraction", "0.5"), ("int overflow", "2147483648"), ("long overflow", "9223372036854775808"),
        ("huge", "1e308"), ("negative huge", "-1e308"), ("beyond double", "1e309"), ("smallest double", "5e-324"),
        ("\"NaN\"", "\"NaN\""), ("\"Infinity\"", "\"Infinity\""), ("\"-Infinity\"", "\"-Infinity\""), ("NaN literal", "NaN"),
        ("number as text", "\"12\""), ("NUL", "\"a\\u0000b\""), ("control characters", "\"a\\u0001\\u001f\\u007fb\""), ("CR LF", "\"a\\r\\nb\""),
        ("unicode", "\"Ünïcødé ☀ 𝔘 \\u202e\""), ("lone surrogate", "\"\\ud800\""), ("first instant", "\"0001-01-01T00:00:00Z\""),
        ("last instant", "\"9999-12-31T23:59:59Z\""), ("SQL", "\"1' OR '1'='1\""), ("traversal", "\"../../../etc/passwd\""),
        ("markup", "\"<script>alert(1)</script>\""), ("100 000 letters", "\"" + new string('a', 100_000) + "\""),
        ("deep nesting", new string('[', 100) + new string(']', 100)),
    ];

    /// <summary>Whole bodies of a JSON operation, and the content type each is sent with.</summary>
    private static readonly (string Label, byte[] Body, string ContentType)[] JsonBodies =
    [
        ("truncated JSON", "{\"name\":"u8.ToArray(), "application/json"), ("not JSON", "not json"u8.ToArray(), "application/json"),
        ("empty", [], "application/json"), ("null", "null"u8.ToArray(), "application/json"), ("array", "[]"u8.ToArray(), "application/json"),
        ("string", "\"x\""u8.ToArray(), "application/json"), ("two documents", "{}{}"u8.ToArray(), "application/json"),
        ("10 000 brackets", Encoding.ASCII.GetBytes(new string('[', 10_000)), "application/json"),
        ("invalid UTF-8", [0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D], "application/json"),
        ("NUL bytes", [0x00, 0x00, 0x00, 0x00], "application/json"),
        ("text/plain", "{}"u8.ToArray(), "text/plain"), ("form", "a=1"u8.ToArray(), "application/x-www-form-urlencoded"),
    ];

    /// <summary>Files for a multipart file field.</summary>
    private static readonly (string Label, string Csv)[] Files =
    [
        ("empty", ""), ("binary", "\u0089PNG\r\n\u001a\n\0\0\0\rIHDR"), ("NUL bytes", "\0\0\0\0"), ("header only", "timestamp,power_kw\n"),
        ("no header", "2024-05-01T10:00:00Z,12\n"), ("unknown columns", "a,b,c\n1,2,3\n"),
        ("NaN and Infinity", "timestamp,power_kw,ghi\n2024-05-01T10:00:00Z,NaN,Infinity\n2024-05-01T11:00:00Z,-Infinity,1e309\n"),
        ("ends of the calendar", "timestamp,power_kw\n0001-01-01T00:00:00Z,1\n9999-12-31T23:00:00Z,2\n"),
        ("control characters", "timestamp,power_kw\n2024-05-01T10:00:00Z,\u0001\u001f\n"),
        ("SQL", "timestamp,power_kw\n2024-05-01T10:00:00Z,1'); DROP TABLE collection.observations; --\n"),
        ("200 000 columns", "timestamp" + string.Concat(Enumerable.Repeat(",x", 200_000)) + "\n"),
        ("unclosed quote", "timestamp,power_kw\n\"2024-05-01T10:00:00Z,1\n"),
    ];

    public IEnumerable<HostileCase> All()
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, node) in item!.AsObject())
            {
                var op = new Operation(method.ToUpperInvariant(), path, node!.AsObject());
                foreach (var c in ParameterCases(op)) yield return c;
                foreach (var c in BodyCases(op)) yield return c;
                // Every operation, also one without parameters: an unexpected parameter is ignored or refused, never a 500.
                yield return Case(op, "?zz", "NUL", Url(op, extraQuery: "zz=%00"));
            }
        }
    }

    /// <summary>The operations that take a JSON body, with valid-looking parameters: where the oversized body goes.</summary>
    public IEnumerable<(string Method, string Url)> JsonBodyOperations() =>
        from path in document["paths"]!.AsObject()
        from op in path.Value!.AsObject()
        where op.Value!["requestBody"]?["content"]?["application/json"] is not null
        select (op.Key.ToUpperInvariant(), Url(new Operation(op.Key.ToUpperInvariant(), path.Key, op.Value!.AsObject())));

    private IEnumerable<HostileCase> ParameterCases(Operation op)
    {
        foreach (var parameter in op.Parameters)
        {
            var name = (string)parameter["name"]!;
            foreach (var (label, encoded) in UrlValues)
                yield return Case(op, name, label, Url(op, name, encoded));
            if ((string?)parameter["in"] == "path") continue;
            yield return Case(op, name, "absent", Url(op, name, null));
            yield return Case(op, name, "repeated", Url(op, extraQuery: $"{name}={Uri.EscapeDataString(validParameter(op.Path, name))}"));
        }
    }

    private IEnumerable<HostileCase> BodyCases(Operation op)
    {
        var content = op.Node["requestBody"]?["content"]?.AsObject();
        if (content is null) yield break;
        if (content["application/json"] is not null)
        {
            foreach (var (label, body, type) in JsonBodies)
                yield return Case(op, "body", label, Url(op), body, type);
            for (var variant = 0; validBody(op.Path, variant) is { } sample; variant++)
            {
                foreach (var pointer in Pointers(sample, ""))
                {
                    foreach (var (label, json) in JsonValues)
                        yield return Case(op, pointer, label, Url(op), Encoding.UTF8.GetBytes(Replace(validBody(op.Path, variant)!, pointer, json)), "application/json");
                    yield return Case(op, pointer, "absent", Url(op), Encoding.UTF8.GetBytes(Replace(validBody(op.Path, variant)!, pointer, null)), "application/json");
                }
            }
        }
        if (content["multipart/form-data"] is { } multipart)
        {
            var fields = Properties(multipart["schema"]!).Select(p => p.Name).ToList();
            foreach (var field in fields.Where(f => f != "file"))
            {
                foreach (var (label, encoded) in UrlValues)
                    yield return FormCase(op, fields, field, label, Uri.UnescapeDataString(encoded), null);
                yield return FormCase(op, fields, field, "absent", null, null);
            }
            foreach (var (label, csv) in Files)
                yield return FormCase(op, fields, "file", label, null, Encoding.UTF8.GetBytes(csv));
            yield return FormCase(op, fields, "file", "absent", null, null);
            yield return Case(op, "body", "JSON instead of a form", Url(op), "{}"u8.ToArray(), "application/json");
            yield return Case(op, "body", "truncated form", Url(op),
                "--x\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\nev"u8.ToArray(), "multipart/form-data; boundary=x");
        }
    }

    /// <summary>A case whose body, unless given, is the operation's valid one.</summary>
    private HostileCase Case(Operation op, string target, string value, string url, byte[]? body = null, string? contentType = null)
    {
        if (body is null && op.Node["requestBody"]?["content"]?["application/json"] is not null)
            (body, contentType) = (Encoding.UTF8.GetBytes(validBody(op.Path, 0)!.ToJsonString()), "application/json");
        return new HostileCase($"{op.Method} {op.Path}", target, value, op.Method, url, body, contentType);
    }

    private HostileCase FormCase(Operation op, IEnumerable<string> fields, string field, string label, string? value, byte[]? file)
    {
        var body = Multipart(op.Path, fields, field, value, file, out var contentType);
        return Case(op, field, label, Url(op), body, contentType);
    }

    /// <summary>
    /// The operation's URL with valid parameters, except <paramref name="hostile"/> set to <paramref name="encoded"/>
    /// (left out when null), and <paramref name="extraQuery"/> appended.
    /// </summary>
    private string Url(Operation op, string? hostile = null, string? encoded = null, string? extraQuery = null)
    {
        var path = op.Path;
        var query = new List<string>();
        foreach (var parameter in op.Parameters)
        {
            var name = (string)parameter["name"]!;
            var value = name == hostile ? encoded : Uri.EscapeDataString(validParameter(op.Path, name));
            if ((string?)parameter["in"] == "path") path = path.Replace("{" + name + "}", value);
            else if (value is not null) query.Add($"{name}={value}");
        }
        if (extraQuery is not null) query.Add(extraQuery);
        return query.Count == 0 ? path : path + "?" + string.Join('&', query);
    }

    /// <summary>A form with valid fields except <paramref name="hostileField"/>, which gets the value (or file) given, or is left out.</summary>
    private byte[] Multipart(string path, IEnumerable<string> fields, string hostileField, string? value, byte[]? file, out string contentType)
    {
        using var form = new MultipartFormDataContent("sweep-boundary");
        foreach (var field in fields)
        {
            if (field == "file")
            {
                var bytes = field == hostileField ? file : validFile();
                if (bytes is not null) form.Add(new ByteArrayContent(bytes), "file", "sweep.csv");
            }
            else
            {
                var text = field == hostileField ? value : validParameter(path, field);
                if (text is not null) form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(text)), field);
            }
        }
        contentType = form.Headers.ContentType!.ToString();
        return form.ReadAsByteArrayAsync().GetAwaiter().GetResult();
    }

    /// <summary>JSON pointers of every value in a valid body: its properties, and those of nested objects and array items.</summary>
    private static IEnumerable<string> Pointers(JsonNode node, string prefix)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, value) in o)
                {
                    yield return $"{prefix}/{name}";
                    if (value is JsonObject or JsonArray) foreach (var p in Pointers(value, $"{prefix}/{name}")) yield return p;
                }
                break;
            case JsonArray { Count: > 0 } a:
                yield return $"{prefix}/0";
                if (a[0] is JsonObject or JsonArray) foreach (var p in Pointers(a[0]!, $"{prefix}/0")) yield return p;
                break;
        }
    }

    /// <summary>The body with the value at <paramref name="pointer"/> replaced by raw JSON (which may be invalid JSON), or removed.</summary>
    private static string Replace(JsonObject body, string pointer, string? json)
    {
        const string Marker = "\"__sweep_marker__\"";
        var parts = pointer.Trim('/').Split('/');
        JsonNode parent = body;
        foreach (var part in parts[..^1]) parent = parent is JsonArray array ? array[int.Parse(part)]! : parent[part]!;
        var last = parts[^1];
        if (parent is JsonArray items)
        {
            if (json is null) items.RemoveAt(int.Parse(last));
            else items[int.Parse(last)] = JsonValue.Create("__sweep_marker__");
        }
        else if (json is null) parent.AsObject().Remove(last);
        else parent[last] = JsonValue.Create("__sweep_marker__");
        return json is null ? body.ToJsonString() : body.ToJsonString().Replace(Marker, json);
    }

    private IEnumerable<(string Name, JsonNode Schema)> Properties(JsonNode schema)
    {
        schema = Resolve(schema);
        foreach (var part in schema["allOf"]?.AsArray() ?? [])
            foreach (var p in Properties(part!)) yield return p;
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            yield return (name, property!);
    }

    private JsonNode Resolve(JsonNode schema) =>
        schema["$ref"] is { } reference ? document["components"]!["schemas"]![((string)reference!).Split('/')[^1]]! : schema;

    private sealed record Operation(string Method, string Path, JsonObject Node)
    {
        public IReadOnlyList<JsonNode> Parameters => Node["parameters"]?.AsArray().Select(p => p!).ToList() ?? [];
    }
}
