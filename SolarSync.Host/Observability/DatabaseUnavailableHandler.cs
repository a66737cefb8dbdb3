using System.Globalization;
using System.Net.Sockets;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace SolarSync.Host.Observability;

/// <summary>
/// A request that failed because PostgreSQL cannot be reached, is shutting down or is still starting is answered
/// 503 with Retry-After, a problem the client can wait out, instead of the 500 of a fault in SolarSync.
/// </summary>
internal sealed class DatabaseUnavailableHandler(IProblemDetailsService problems, ILogger<DatabaseUnavailableHandler> logger)
    : IExceptionHandler
{
    // A restart of PostgreSQL takes seconds; clients and proxies that honour the header come back after one.
    private const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!IsDatabaseUnavailable(exception)) return false;

        logger.LogWarning("PostgreSQL is unavailable; {Method} {Path} answered 503: {Reason}",
            context.Request.Method, context.Request.Path, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is unavailable.",
                Detail = $"SolarSync cannot reach its database at the moment; retry after {RetryAfterSeconds} s.",
            },
        });
    }

    /// <summary>
    /// A connection that could not be opened or broke (socket, stream or timeout under an NpgsqlException), or the
    /// server saying it is shutting down (57P01 admin, 57P02 crash) or cannot accept connections yet (57P03).
    /// Errors of a query itself (syntax, constraint, …) are not an outage.
    /// </summary>
    internal static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return postgres.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                        or PostgresErrorCodes.CannotConnectNow;
                case NpgsqlException { InnerException: SocketException or IOException or TimeoutException }:
                    return true;
            }
        }

        return false;
    }
}
