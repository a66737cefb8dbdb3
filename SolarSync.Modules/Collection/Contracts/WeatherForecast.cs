using SolarSync.Modules.Shared.TimeSeries;

namespace SolarSync.Modules.Collection.Contracts;

/// <summary>
/// One weather forecast for one site as fetched from a forecast source.
/// </summary>
/// <param name="IssuedAt">UTC hour (minutes and seconds zero) in which the forecast was requested.</param>
/// <param name="Hours">
/// One <see cref="Observation"/> per forecast hour, ascending by <see cref="Observation.Ts"/>, each the UTC start of
/// the hour it describes (source-specific time stamps have already been converted).
/// </param>
public sealed record WeatherForecast(DateTimeOffset IssuedAt, IReadOnlyList<Observation> Hours);
