using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SolarSync.Modules.Monitoring.Console.Layout;

/// <summary>
/// A page's HTML as it is written. Only the literal text of an interpolated template is markup: every value put into
/// one (<c>{site.Name}</c>) is HTML-encoded, numbers and dates in the invariant culture, so nothing read from the
/// database or a request can become markup. <see cref="Markup"/> values are the one exception: fragments this
/// code built the same way.
/// </summary>
internal sealed class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;

    // The default encoder escapes <, >, & and quotes as \uXXXX, so JSON placed in a <script> element cannot end it.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    internal StringBuilder Builder { get; } = new(16 * 1024);

    /// <summary>Appends the template: literal parts as they are, every value encoded.</summary>
    public Html Add([InterpolatedStringHandlerArgument("")] ref HtmlTemplate template) => this;

    /// <summary>Appends a value as JSON for a <c>&lt;script type="application/json"&gt;</c> element.</summary>
    public Html Json<T>(T value)
    {
        Builder.Append(JsonSerializer.Serialize(value, JsonOptions));
        return this;
    }

    public Markup ToMarkup() => new(Builder.ToString());

    public override string ToString() => Builder.ToString();

    internal static void Encode(StringBuilder builder, string? text)
    {
        if (!string.IsNullOrEmpty(text)) builder.Append(Encoder.Encode(text));
    }
}

/// <summary>A fragment of HTML built by <see cref="Html"/> (so already encoded): inserted into a template as it is.</summary>
internal readonly record struct Markup(string Value)
{
    public static Markup Empty { get; } = new("");

    /// <summary>Joins fragments built one per item.</summary>
    public static Markup Join<T>(IEnumerable<T> items, Action<Html, T> write)
    {
        var html = new Html();
        foreach (var item in items) write(html, item);
        return html.ToMarkup();
    }
}

/// <summary>The interpolated-string handler of <see cref="Html.Add"/>.</summary>
[InterpolatedStringHandler]
internal ref struct HtmlTemplate
{
    private readonly StringBuilder builder;

    public HtmlTemplate(int literalLength, int formattedCount, Html html)
    {
        builder = html.Builder;
        builder.EnsureCapacity(builder.Length + literalLength + formattedCount * 16);
    }

    public readonly void AppendLiteral(string markup) => builder.Append(markup);

    public readonly void AppendFormatted(Markup markup) => builder.Append(markup.Value);

    public readonly void AppendFormatted(string? text) => Html.Encode(builder, text);

    public readonly void AppendFormatted<T>(T value) => AppendFormatted(value, null);

    public readonly void AppendFormatted<T>(T value, string? format) => Html.Encode(builder, value switch
    {
        null => null,
        IFormattable formattable => formattable.ToString(format, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    });
}
