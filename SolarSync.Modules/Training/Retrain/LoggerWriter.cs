using System.Text;
using Microsoft.Extensions.Logging;

namespace SolarSync.Modules.Training.Retrain;

/// <summary>A text writer whose lines become information log entries (the families' training progress).</summary>
internal sealed class LoggerWriter(ILogger logger) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void WriteLine(string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) logger.LogInformation("{Progress}", value.Trim());
    }
}
