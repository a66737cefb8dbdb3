using SolarSync.Modules.Monitoring.Console.Layout;
using SolarSync.Modules.Monitoring.Console.Overview;
using SolarSync.Modules.Prediction.Contracts;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Monitoring.Console.SitePage;

/// <summary>A plant's page: the two charts (drawn by /console/site.js from the embedded data), accuracy and quality.</summary>
internal static class SitePageView
{
    public static Markup Head { get; } = new Html().Add($"""
        <link rel="stylesheet" href="/lib/uplot/uPlot.min.css">
        <script src="/lib/uplot/uPlot.iife.min.js" defer></script>
        <script src="/console/site.js" defer></script>
        """).ToMarkup();

    public static Markup Render(SitePageModel m)
    {
        var s = m.Site;
        var charts = ChartData.From(m);
        var zone = Format.ZoneLabel(m.Zone, m.Now);
        var lastObserved = m.History.LastOrDefault(h => h.ObservedKw is not null);
        var html = new Html();
        html.Add($"""
            <p class="crumbs"><a href="/">Overview</a> › {s.Name}</p>
            <h1>{s.Name} {(s.IsDemo ? new Html().Add($"""<span class="badge badge-demo">demo</span>""").ToMarkup() : Markup.Empty)}</h1>
            <p class="meta">{s.Type.ToDbName()} plant · {Format.Kw(s.CapacityKw)} kW · {s.Latitude:0.###}°, {s.Longitude:0.###}° ·
              times in the plant's local time, <strong class="zone" data-zone="{m.Zone.Id}">{zone}</strong></p>
            <dl class="facts">
              <div><dt>Last observed hour</dt><dd>{(lastObserved is null ? Format.None : $"{Format.Local(lastObserved.Timestamp, m.Zone)} · {Format.Kw(lastObserved.ObservedKw)} kW")}</dd></div>
              <div><dt>Realized nMAE, {m.Performance.Days} d</dt><dd>{Format.Pct(m.Performance.All.Nmae)} over {m.Performance.All.Hours} h</dd></div>
              <div><dt>Forecast model</dt><dd>{m.Forecast?.ModelVersion ?? Format.None}{(m.Forecast is { } f ? $" · issued {Format.Local(f.IssuedAt, m.Zone)}" : "")}</dd></div>
            </dl>
            <section>
              <h2>Last {SitePageData.HistoryDays} days: observed output and the day-ahead forecast</h2>
              <p class="hint">Observed hourly mean output next to the p50 archived at least 24 h before each hour, with its p10–p90 band.
                 {charts.ActualPoints} observed hours, {charts.DayAheadPoints} with a day-ahead forecast.</p>
              <div id="history-chart" class="chart" data-hours="{charts.History.X.Length}" data-actual-points="{charts.ActualPoints}"
                   data-dayahead-points="{charts.DayAheadPoints}" data-zone="{m.Zone.Id}"></div>
            </section>
            <section>
              <h2>Next {SitePageData.ForecastHours} hours</h2>
              {ForecastNote(m)}
              <div id="forecast-chart" class="chart" data-forecast-points="{charts.Forecast.X.Length}" data-zone="{m.Zone.Id}"
                   data-model-version="{m.Forecast?.ModelVersion}"></div>
            </section>
            <noscript><p class="error">The charts need JavaScript; the tables below do not.</p></noscript>
            <section class="two">
              <div>
                <h2>Realized accuracy, last {m.Performance.Days} days</h2>
                {Accuracy(m.Performance)}
              </div>
              <div>
                <h2>Data quality, last {SitePageData.QualityCalendarDays} days</h2>
                {QualityCalendar(m)}
              </div>
            </section>
            <script type="application/json" id="chart-data">
            """);
        html.Json(charts);
        html.Add($"""
            </script>
            """);
        return html.ToMarkup();
    }

    private static Markup ForecastNote(SitePageModel m) => m.Forecast switch
    {
        null => new Html().Add($"""<p class="error">The forecast could not be made just now; the host's log says why.</p>""").ToMarkup(),
        { HistoricalContext: "missing" } f => new Html().Add($"""
            <p class="hint">From the physical model ({f.ModelVersion}): too little stored output for the trained model. Median with the p10–p90 band.</p>
            """).ToMarkup(),
        var f => new Html().Add($"""<p class="hint">Model {f.ModelVersion}, issued {Format.Local(f.IssuedAt, m.Zone)}: median with the p10–p90 band.</p>""").ToMarkup(),
    };

    private static Markup Accuracy(SitePerformanceView p)
    {
        var html = new Html().Add($"""
            <table class="accuracy">
            <thead><tr><th>Horizon</th><th class="num">Hours</th><th class="num">MAE kW</th><th class="num">RMSE kW</th><th class="num">nMAE</th>
            <th class="num">Bias kW</th><th class="num">In p10–p90</th></tr></thead>
            <tbody>
            """);
        foreach (var b in p.Buckets.Append(p.All))
        {
            var kind = b == p.All ? "total" : "bucket";
            html.Add($"""
                <tr class="{kind}" data-horizon="{b.Horizon}">
                  <td>{b.Horizon}</td><td class="num">{b.Hours}</td><td class="num">{Format.Kw(b.Mae)}</td><td class="num">{Format.Kw(b.Rmse)}</td>
                  <td class="num">{Format.Pct(b.Nmae)}</td><td class="num">{Format.Kw(b.Bias)}</td><td class="num">{Format.Pct(b.Coverage80)}</td>
                </tr>
                """);
        }
        html.Add($"""
            </tbody></table>
            <p class="hint">Archived forecasts paired with the observed hour, by hours ahead of issue. Bias is forecast − observed.</p>
            """);
        return html.ToMarkup();
    }

    /// <summary>Weeks as rows, Monday first; each UTC day coloured by its score.</summary>
    private static Markup QualityCalendar(SitePageModel m)
    {
        var scores = m.Quality.ToDictionary(q => q.Day);
        var html = new Html().Add($"""
            <div class="calendar" role="table" aria-label="Data quality per UTC day">
            <div class="dow">Mon</div><div class="dow">Tue</div><div class="dow">Wed</div><div class="dow">Thu</div><div class="dow">Fri</div><div class="dow">Sat</div><div class="dow">Sun</div>
            """);
        var first = m.QualityDays[0];
        var lead = ((int)first.DayOfWeek + 6) % 7;
        for (var i = 0; i < lead; i++) html.Add($"""<div class="day blank"></div>""");
        foreach (var day in m.QualityDays)
        {
            var q = scores.GetValueOrDefault(day);
            var label = q is null ? $"{day:yyyy-MM-dd}: no data" : $"{day:yyyy-MM-dd}: {Format.Ratio(q.Score)} ({q.TotalRows} rows)";
            html.Add($"""
                <div class="day {OverviewView.QualityClass(q?.Score)}" data-day="{day:yyyy-MM-dd}" data-score="{q?.Score:0.####}" title="{label}"><span>{day.Day}</span></div>
                """);
        }
        html.Add($"""
            </div>
            <p class="legend"><span class="day q-4"></span>≥ 95 % <span class="day q-3"></span>≥ 80 % <span class="day q-2"></span>≥ 60 %
              <span class="day q-1"></span>≥ 40 % <span class="day q-0"></span>below <span class="day q-none"></span>no data · UTC days</p>
            """);
        return html.ToMarkup();
    }
}
