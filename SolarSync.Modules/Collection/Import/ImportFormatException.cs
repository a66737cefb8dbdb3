namespace SolarSync.Modules.Collection.Import;

/// <summary>
/// The input cannot be imported at all (empty, not the expected layout, unknown format). Row-level problems
/// never throw: they become rejections and the import carries on.
/// </summary>
internal sealed class ImportFormatException : Exception
{
    public ImportFormatException(string message)
        : base(message)
    {
    }

    public ImportFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
