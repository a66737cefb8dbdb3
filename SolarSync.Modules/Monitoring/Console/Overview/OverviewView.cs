using SolarSync.Modules.Collection.Contracts;
using SolarSync.Modules.Models.Contracts;
using SolarSync.Modules.Monitoring.Console.Layout;
using SolarSync.Modules.Sites.Contracts;

namespace SolarSync.Modules.Monitoring.Console.Overview;

/// <summary>The overview's HTML: plants, models per type, recent runs and the operator tools.</summary>
internal static class OverviewView
{
    public static Markup Render(OverviewModel m)
    {
        var html = new Html();
        html.Add($"""
            <h1>Overview</h1>
            <p class="meta">As of {Format.Utc(m.Now)}. Times are UTC unless a plant's page says otherwise.</p>
            <section>
              <h2>Plants</h2>
              {Plants(m)}
            </section>
            <section>
              <h2>Models</h2>
              {Markup.Join(PlantTypes.All, (h, type) => Models(h, type, m))}
            </section>
            <section class="two">
              <div><h2>Collection runs</h2>{CollectionRuns(m)}</div>
              <div><h2>Training runs</h2>{TrainingRuns(m)}</div>
            </section>
            <section>
              <h2>Tools</h2>
              <ul class="tools">
                <li><a href="/hangfire">Jobs (Hangfire)</a> — schedules, retries and failures; needs an admin key.</li>
                <li><a href="/metrics">Metrics</a> — the Prometheus scrape of the SolarSync meter.</li>
                <li><a href="/scalar">API reference</a> — every endpoint, with examples.</li>
              </ul>
            </section>
            """);
        return html.ToMarkup();
    }

    private static Markup Plants(OverviewModel m)
    {
        if (m.Sites.Count == 0) return new Html().Add($"""<p class="empty">No plant is registered yet.</p>""").ToMarkup();
        var html = new Html().Add($"""
            <table class="sites">
            <thead><tr><th>Plant</th><th>Type</th><th class="num">Capacity kW</th><th>Last observation</th><th class="num">Quality today</th>
            <th>Serving model</th><th class="num">nMAE 7 d</th><th class="num">Devices online</th></tr></thead>
            <tbody>
            """);
        foreach (var line in m.Sites)
        {
            var s = line.Site;
            var devices = line.Devices is { } d ? $"{d.Online} / {d.Total}" : "0 / 0";
            var nmae = line.RealizedHours > 0 ? $"{Format.Pct(line.RealizedNmaePct)} ({line.RealizedHours} h)" : Format.None;
            html.Add($"""
                <tr data-site-id="{s.Id}">
                  <td><a href="/sites/{s.Id}">{s.Name}</a>{(s.IsDemo ? Badge("demo", "demo") : Markup.Empty)}</td>
                  <td>{s.Type.ToDbName()}</td>
                  <td class="num">{Format.Kw(s.CapacityKw)}</td>
                  <td title="{Format.Utc(line.LastObservation)}">{Format.Utc(line.LastObservation)} <span class="age">{Format.Age(line.LastObservation, m.Now)}</span></td>
                  <td class="num {QualityClass(line.QualityToday)}">{Format.Ratio(line.QualityToday)}</td>
                  <td>{line.ServingVersion ?? "physical model"}</td>
                  <td class="num">{nmae}</td>
                  <td class="num">{devices}</td>
                </tr>
                """);
        }
        return html.Add($"</tbody></table>").ToMarkup();
    }

    private static void Models(Html html, PlantType type, OverviewModel m)
    {
        var versions = m.Models.Where(v => v.Type == type).ToList();
        html.Add($"""<h3>{type.ToDbName()} — serving {m.Serving[type] ?? "the physical model (no Production version)"}</h3>""");
        if (versions.Count == 0)
        {
            html.Add($"""<p class="empty">No {type.ToDbName()} model has been trained yet.</p>""");
            return;
        }
        html.Add($"""
            <table class="models" data-type="{type.ToDbName()}">
            <thead><tr><th>Version</th><th>Stage</th><th class="num">Test nMAE</th><th class="num">nRMSE</th><th class="num">Coverage 80 %</th>
            <th class="num">Smart persistence nMAE</th><th class="num">Test hours</th><th>Gate</th><th>Created</th><th>Promoted</th><th>Rolled back</th></tr></thead>
            <tbody>
            """);
        foreach (var v in versions)
        {
            var gate = v.PassedGate switch { true => "passed", false => "failed", null => Format.None };
            html.Add($"""
                <tr>
                  <td>{v.Version}</td><td>{Badge(v.Stage, v.Stage)}</td>
                  <td class="num">{Format.Pct(v.TestNmaePct, "0.00")}</td><td class="num">{Format.Pct(v.TestNrmsePct, "0.00")}</td>
                  <td class="num">{Format.Pct(v.TestCoverage80Pct)}</td><td class="num">{Format.Pct(v.SmartPersistenceNmaePct, "0.00")}</td>
                  <td class="num">{v.TestHours?.ToString() ?? Format.None}</td><td>{gate}</td>
                  <td>{Format.Utc(v.CreatedAt)}</td><td>{Format.Utc(v.PromotedAt)}</td><td>{Format.Utc(v.RolledBackAt)}</td>
                </tr>
                """);
        }
        html.Add($"</tbody></table>");
    }

    private static Markup CollectionRuns(OverviewModel m)
    {
        if (m.CollectionRuns.Count == 0) return new Html().Add($"""<p class="empty">No collection has run yet.</p>""").ToMarkup();
        var html = new Html().Add($"""
            <table class="runs collection-runs">
            <thead><tr><th>Run</th><th>What</th><th>Site</th><th>Started</th><th>Outcome</th><th class="num">Accepted</th><th class="num">Rejected</th><th class="num">Quality</th></tr></thead>
            <tbody>
            """);
        foreach (var r in m.CollectionRuns)
        {
            html.Add($"""
                <tr>
                  <td>#{r.Id}</td><td>{r.Kind} · {r.Source}</td><td>{r.SiteId?.ToString() ?? Format.None}</td>
                  <td>{Format.Utc(r.StartedAt)} <span class="age">{Format.Age(r.StartedAt, m.Now)}</span></td>
                  <td>{Badge(r.Outcome, r.Outcome)}{Error(r.Error)}</td>
                  <td class="num">{r.RowsAccepted}</td><td class="num">{r.RowsRejected}</td><td class="num">{Format.Ratio(r.QualityScore)}</td>
                </tr>
                """);
        }
        return html.Add($"</tbody></table>").ToMarkup();
    }

    private static Markup TrainingRuns(OverviewModel m)
    {
        if (m.TrainingRuns.Count == 0) return new Html().Add($"""<p class="empty">No training has run yet.</p>""").ToMarkup();
        var html = new Html().Add($"""
            <table class="runs training-runs">
            <thead><tr><th>Run</th><th>Type</th><th>Started</th><th>Status</th><th>Version</th><th>Outcome</th></tr></thead>
            <tbody>
            """);
        foreach (var r in m.TrainingRuns)
        {
            html.Add($"""
                <tr>
                  <td>#{r.Id}</td><td>{r.Type.ToDbName()}</td>
                  <td>{Format.Utc(r.StartedAt)} <span class="age">{Format.Age(r.StartedAt, m.Now)}</span></td>
                  <td>{Badge(r.Status, r.Status)}</td><td>{r.Version ?? Format.None}</td><td>{r.Outcome ?? Format.None}{Error(r.Error)}</td>
                </tr>
                """);
        }
        return html.Add($"</tbody></table>").ToMarkup();
    }

    private static Markup Badge(string text, string kind) => new Html().Add($"""<span class="badge badge-{kind}">{text}</span>""").ToMarkup();

    private static Markup Error(string? error) =>
        error is null ? Markup.Empty : new Html().Add($"""<div class="error-text" title="{error}">{(error.Length > 160 ? error[..160] + "…" : error)}</div>""").ToMarkup();

    internal static string QualityClass(double? score) => score switch
    {
        null => "q-none",
        >= 0.95 => "q-4",
        >= 0.8 => "q-3",
        >= 0.6 => "q-2",
        >= 0.4 => "q-1",
        _ => "q-0",
    };
}
