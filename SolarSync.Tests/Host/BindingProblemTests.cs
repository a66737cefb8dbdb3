using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Host;

/// <summary>A request the framework cannot bind (malformed JSON, a wrong type, text for a number) names what was wrong.</summary>
public sealed class BindingProblemTests : HostTest
{
    [TestCase("{\"name\":\"PV\",\"type\":\"solar\",\"latitude\":40,\"longitude\":-105,\"capacity_kw\":\"abc\"}", "capacity_kw")]
    [TestCase("{\"name\":\"PV\",\"type\":\"solar\",\"latitude\":[1],\"longitude\":-105,\"capacity_kw\":5}", "latitude")]
    [TestCase("{\"name\":\"PV\",\"type\":\"wind\",\"latitude\":40,\"longitude\":-105,\"capacity_kw\":5,\"power_curve\":[{\"wind_speed_ms\":\"x\",\"power_kw\":0}]}", "power_curve[0].wind_speed_ms")]
    [TestCase("{\"name\":\"PV\",", "body")]
    [TestCase("not json", "body")]
    public async Task A_body_that_cannot_be_read_is_a_problem_naming_the_field(string json, string field)
    {
        var response = await Admin.PostAsync("/api/v1/sites", new StringContent(json, Encoding.UTF8, "application/json"));

        await AssertNamesAsync(response, field);
    }

    [Test]
    public async Task Text_for_a_number_in_the_query_is_a_problem_naming_the_parameter()
    {
        var response = await App.CreateClient(SolarSyncApp.ReaderKey).GetAsync("/monitoring/data-quality/report?site_id=abc");

        await AssertNamesAsync(response, "site_id");
    }

    private static async Task AssertNamesAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        var errors = JsonNode.Parse(body)!["errors"]?.AsObject();
        Assert.That(errors?.Select(e => e.Key), Does.Contain(field), body);
    }
}
