using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SolarSync.Tests.Infrastructure;

namespace SolarSync.Tests.Sites;

public sealed class SitesApiTests : HostTest
{
    private static JsonObject SolarSite(string name = "Golden PV") => new()
    {
        ["name"] = name,
        ["type"] = "solar",
        ["latitude"] = 39.74,
        ["longitude"] = -105.18,
        ["capacity_kw"] = 250.5,
        ["tilt_deg"] = 30,
        ["azimuth_deg"] = 180,
        ["time_zone"] = "America/Denver",
    };

    private static JsonObject WindSite(string name = "Brandenburg WT") => new()
    {
        ["name"] = name,
        ["type"] = "wind",
        ["latitude"] = 52.45,
        ["longitude"] = 13.53,
        ["capacity_kw"] = 2300,
        ["hub_height_m"] = 80,
        ["power_curve"] = new JsonArray(
            new JsonObject { ["wind_speed_ms"] = 3, ["power_kw"] = 0 },
            new JsonObject { ["wind_speed_ms"] = 12, ["power_kw"] = 2300 },
            new JsonObject { ["wind_speed_ms"] = 25, ["power_kw"] = 2300 }),
    };

    private static JsonObject LoadSite(string name = "Freiburg school") => new()
    {
        ["name"] = name,
        ["type"] = "load",
        ["latitude"] = 47.99,
        ["longitude"] = 7.85,
        ["capacity_kw"] = 120,
        ["time_zone"] = "Europe/Berlin",
        ["country"] = "de",
    };

    [Test]
    public async Task A_created_solar_site_is_returned_with_201_and_can_be_read_back()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/sites", SolarSite());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var body = await created.Content.ReadFromJsonAsync<JsonObject>();
        var id = body!["id"]!.GetValue<long>();
        Assert.That(created.Headers.Location!.ToString(), Is.EqualTo($"/api/v1/sites/{id}"));

        var read = await Admin.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{id}");
        Assert.Multiple(() =>
        {
            Assert.That(read!["name"]!.GetValue<string>(), Is.EqualTo("Golden PV"));
            Assert.That(read["type"]!.GetValue<string>(), Is.EqualTo("solar"));
            Assert.That(read["capacity_kw"]!.GetValue<double>(), Is.EqualTo(250.5));
            Assert.That(read["tilt_deg"]!.GetValue<double>(), Is.EqualTo(30));
            Assert.That(read["time_zone"]!.GetValue<string>(), Is.EqualTo("America/Denver"));
            Assert.That(read["is_demo"]!.GetValue<bool>(), Is.False);
        });
    }

    [Test]
    public async Task A_wind_site_keeps_its_hub_height_and_power_curve()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/sites", WindSite());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        var read = await Admin.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{id}");
        var curve = read!["power_curve"]!.AsArray();
        Assert.Multiple(() =>
        {
            Assert.That(read["hub_height_m"]!.GetValue<double>(), Is.EqualTo(80));
            Assert.That(curve, Has.Count.EqualTo(3));
            Assert.That(curve[1]!["wind_speed_ms"]!.GetValue<double>(), Is.EqualTo(12));
            Assert.That(curve[1]!["power_kw"]!.GetValue<double>(), Is.EqualTo(2300));
        });
    }

    [Test]
    public async Task A_load_site_keeps_its_peak_demand_and_upper_case_country_and_lists_under_load()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/sites", LoadSite());
        Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        await Admin.PostAsJsonAsync("/api/v1/sites", SolarSite());
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();

        var read = await Admin.GetFromJsonAsync<JsonObject>($"/api/v1/sites/{id}");
        var load = await Admin.GetFromJsonAsync<JsonArray>("/api/v1/sites?type=load");
        Assert.Multiple(() =>
        {
            Assert.That(read!["type"]!.GetValue<string>(), Is.EqualTo("load"));
            Assert.That(read["capacity_kw"]!.GetValue<double>(), Is.EqualTo(120));
            Assert.That(read["country"]!.GetValue<string>(), Is.EqualTo("DE"));
            Assert.That(read["tilt_deg"], Is.Null);
            Assert.That(load!.Select(s => s!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "Freiburg school" }));
        });
    }

    [Test]
    public async Task The_list_holds_every_site_and_filters_by_type()
    {
        await Admin.PostAsJsonAsync("/api/v1/sites", SolarSite("A"));
        await Admin.PostAsJsonAsync("/api/v1/sites", WindSite("B"));
        await Admin.PostAsJsonAsync("/api/v1/sites", SolarSite("C"));

        var all = await Admin.GetFromJsonAsync<JsonArray>("/api/v1/sites");
        var wind = await Admin.GetFromJsonAsync<JsonArray>("/api/v1/sites?type=wind");
        Assert.Multiple(() =>
        {
            Assert.That(all!.Select(s => s!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "A", "B", "C" }));
            Assert.That(wind!.Select(s => s!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "B" }));
        });
    }

    [Test]
    public async Task An_unknown_type_filter_is_a_400_naming_type()
    {
        var response = await Admin.GetAsync("/api/v1/sites?type=hydro");
        await AssertValidationProblem(response, "type");
    }

    private static IEnumerable<TestCaseData> InvalidFields()
    {
        TestCaseData Case(string field, string fault, Action<JsonObject> spoil, Func<JsonObject>? site = null)
        {
            var body = (site ?? (() => SolarSite()))();
            spoil(body);
            return new TestCaseData(body.ToJsonString(), field).SetArgDisplayNames(field, fault);
        }

        yield return Case("name", "missing", b => b.Remove("name"));
        yield return Case("name", "101 characters", b => b["name"] = new string('x', 101));
        yield return Case("name", "a NUL character", b => b["name"] = "Golden\0PV");
        yield return Case("name", "a line break", b => b["name"] = "Golden\nPV");
        yield return Case("name", "only spaces", b => b["name"] = "   ");
        yield return Case("type", "hydro", b => b["type"] = "hydro");
        yield return Case("type", "missing", b => b.Remove("type"));
        yield return Case("latitude", "90.01", b => b["latitude"] = 90.01);
        yield return Case("latitude", "missing", b => b.Remove("latitude"));
        yield return Case("longitude", "-180.5", b => b["longitude"] = -180.5);
        yield return Case("capacity_kw", "0", b => b["capacity_kw"] = 0);
        yield return Case("capacity_kw", "above 10 GW", b => b["capacity_kw"] = 10_000_001);
        yield return Case("tilt_deg", "91", b => b["tilt_deg"] = 91);
        yield return Case("azimuth_deg", "-1", b => b["azimuth_deg"] = -1);
        yield return Case("time_zone", "unknown zone", b => b["time_zone"] = "Mars/Olympus");
        yield return Case("hub_height_m", "on a solar site", b => b["hub_height_m"] = 80);
        yield return Case("hub_height_m", "0.5 m", b => b["hub_height_m"] = 0.5, () => WindSite());
        yield return Case("tilt_deg", "on a wind site", b => b["tilt_deg"] = 20, () => WindSite());
        yield return Case("power_curve", "one point", b => b["power_curve"] = new JsonArray(new JsonObject { ["wind_speed_ms"] = 3, ["power_kw"] = 0 }), () => WindSite());
        yield return Case("power_curve", "speeds not increasing", b => b["power_curve"]!.AsArray().Insert(0, new JsonObject { ["wind_speed_ms"] = 13, ["power_kw"] = 0 }), () => WindSite());
        yield return Case("power_curve[1].power_kw", "negative power", b => b["power_curve"]![1]!["power_kw"] = -5, () => WindSite());
        yield return Case("power_curve[2].wind_speed_ms", "80 m/s", b => b["power_curve"]![2]!["wind_speed_ms"] = 80, () => WindSite());
        yield return Case("power_curve[1]", "a null point", b => b["power_curve"]![1] = null, () => WindSite());
        yield return Case("country", "missing on a load site", b => b.Remove("country"), () => LoadSite());
        yield return Case("country", "a code without known holidays", b => b["country"] = "XX", () => LoadSite());
        yield return Case("country", "unknown on a solar site", b => b["country"] = "Germany");
        yield return Case("tilt_deg", "on a load site", b => b["tilt_deg"] = 20, () => LoadSite());
        yield return Case("hub_height_m", "on a load site", b => b["hub_height_m"] = 80, () => LoadSite());
        yield return Case("power_curve", "above 110 % of capacity", b => b["power_curve"]![1]!["power_kw"] = 5000, () => WindSite());
    }

    [TestCaseSource(nameof(InvalidFields))]
    public async Task Every_invalid_field_is_named_in_a_400_problem(string json, string field)
    {
        var response = await Admin.PostAsync("/api/v1/sites", new StringContent(json, Encoding.UTF8, "application/json"));
        await AssertValidationProblem(response, field);
        Assert.That(await Admin.GetFromJsonAsync<JsonArray>("/api/v1/sites"), Is.Empty, "nothing is stored");
    }

    [Test]
    public async Task A_site_with_several_bad_fields_names_each_of_them()
    {
        var body = SolarSite();
        body["latitude"] = 100;
        body["longitude"] = 200;
        body["capacity_kw"] = -1;
        var response = await Admin.PostAsJsonAsync("/api/v1/sites", body);
        var errors = await AssertValidationProblem(response, "latitude");
        Assert.That(errors.Select(e => e.Key), Is.SupersetOf(new[] { "latitude", "longitude", "capacity_kw" }));
    }

    [Test]
    public async Task Malformed_json_is_a_400_problem()
    {
        var response = await Admin.PostAsync("/api/v1/sites", new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
    }

    [Test]
    public async Task An_unknown_id_is_a_404_problem()
    {
        var response = await Admin.GetAsync("/api/v1/sites/424242");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That(problem!["detail"]!.GetValue<string>(), Does.Contain("424242"));
    }

    [Test]
    public async Task A_duplicate_name_in_any_case_is_a_409_problem()
    {
        Assert.That((await Admin.PostAsJsonAsync("/api/v1/sites", SolarSite("Alpha"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));
        var duplicate = await Admin.PostAsJsonAsync("/api/v1/sites", WindSite("ALPHA"));
        Assert.That(duplicate.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(duplicate.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await Admin.GetFromJsonAsync<JsonArray>("/api/v1/sites"), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_deleted_site_leaves_the_directory_and_frees_its_name()
    {
        var created = await Admin.PostAsJsonAsync("/api/v1/sites", SolarSite("Gone PV"));
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        Assert.That((await Admin.PostAsJsonAsync("/api/v1/sites", WindSite("Kept WT"))).StatusCode, Is.EqualTo(HttpStatusCode.Created));

        using var reader = App.CreateClient(SolarSyncApp.ReaderKey);
        Assert.That((await reader.DeleteAsync($"/api/v1/sites/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That((await Admin.DeleteAsync($"/api/v1/sites/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NoContent));

        Assert.That((await Admin.GetAsync($"/api/v1/sites/{id}")).StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var names = (await Admin.GetFromJsonAsync<JsonArray>("/api/v1/sites"))!.Select(s => (string)s!["name"]!);
        Assert.That(names, Is.EqualTo(new[] { "Kept WT" }));
        var again = await Admin.DeleteAsync($"/api/v1/sites/{id}");
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(again.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));

        var reused = await Admin.PostAsJsonAsync("/api/v1/sites", SolarSite("GONE pv"));
        Assert.That(reused.StatusCode, Is.EqualTo(HttpStatusCode.Created), "a deleted site's name is free again");
        Assert.That((await reused.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>(), Is.Not.EqualTo(id));
    }

    private static async Task<Dictionary<string, string[]>> AssertValidationProblem(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), text);
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        var errors = JsonSerializer.Deserialize<JsonObject>(text)!["errors"].Deserialize<Dictionary<string, string[]>>()!;
        Assert.That(errors.Keys, Does.Contain(field), text);
        Assert.That(errors[field], Is.Not.Empty);
        return errors;
    }
}
