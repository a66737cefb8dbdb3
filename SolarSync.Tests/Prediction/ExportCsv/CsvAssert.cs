using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;

namespace SolarSync.Tests.Prediction.ExportCsv;

/// <summary>Reads CSV downloads with CsvHelper's RFC 4180 parser and compares them with the JSON of the same data.</summary>
internal static class CsvAssert
{
    /// <summary>The rows of a CSV text, header first.</summary>
    public static List<string[]> Parse(string text)
    {
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = false,
            Mode = CsvMode.Rfc4180,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            FormatProvider = CultureInfo.InvariantCulture,
        };
        using var reader = CsvReader.FromText(text, options);
        var rows = new List<string[]>();
        while (reader.Read()) rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        return rows;
    }

    /// <summary>Asserts a 200 CSV attachment and returns its rows.</summary>
    public static async Task<List<string[]>> ReadDownloadAsync(HttpResponseMessage response, string fileNamePrefix)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        Assert.Multiple(() =>
        {
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/csv; charset=utf-8"));
            Assert.That(response.Content.Headers.ContentDisposition?.DispositionType, Is.EqualTo("attachment"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName, Does.StartWith(fileNamePrefix).And.EndWith(".csv"));
            Assert.That(text, Does.EndWith("\r\n"));
        });
        return Parse(text);
    }

    /// <summary>
    /// One CSV field against the JSON value of the same column: null is an empty field, a number the same number,
    /// a string or timestamp the same text, a boolean true/false, an array its items joined with '|'.
    /// </summary>
    public static void FieldMatches(string field, JsonNode? json, string where)
    {
        switch (json?.GetValueKind())
        {
            case null or JsonValueKind.Null:
                Assert.That(field, Is.Empty, where);
                break;
            case JsonValueKind.Number:
                Assert.That(double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture), Is.EqualTo(json.GetValue<double>()), where);
                break;
            case JsonValueKind.True or JsonValueKind.False:
                Assert.That(field, Is.EqualTo(json.GetValue<bool>() ? "true" : "false"), where);
                break;
            case JsonValueKind.Array:
                Assert.That(field, Is.EqualTo(string.Join('|', json.AsArray().Select(i => i!.GetValue<string>()))), where);
                break;
            default:
                Assert.That(field, Is.EqualTo(json.GetValue<string>()), where);
                break;
        }
    }

    /// <summary>Every CSV row against the JSON object of the same index, column by column (the header names the fields).</summary>
    public static void RowsMatch(List<string[]> csv, IReadOnlyList<JsonObject> json)
    {
        var header = csv[0];
        Assert.That(csv.Count - 1, Is.EqualTo(json.Count), "rows");
        Assert.That(json.Select(o => o.Count), Is.All.EqualTo(header.Length), "one column per JSON field");
        Assert.Multiple(() =>
        {
            for (var r = 0; r < json.Count; r++)
            {
                for (var c = 0; c < header.Length; c++)
                {
                    Assert.That(json[r].ContainsKey(header[c]), Is.True, $"JSON field {header[c]}");
                    FieldMatches(csv[r + 1][c], json[r][header[c]], $"row {r + 1}, {header[c]}");
                }
            }
        });
    }
}
