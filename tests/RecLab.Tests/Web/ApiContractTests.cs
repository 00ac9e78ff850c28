using System.Net;
using System.Text;
using System.Text.Json;
using RecLab.Events;
using RecLab.Tests.TestSupport;

namespace RecLab.Tests.Web;

public sealed class ApiContractTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private readonly HttpClient _http = new();
    private ReplicaHost _service = null!;

    public async Task InitializeAsync() =>
        _service = await ReplicaHost.StartAsync(Worlds.Small, _dir, "contract", arms: new() { ["C"] = "random", ["T1"] = "sticky-artist" });

    public async Task DisposeAsync()
    {
        await _service.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> Post(string path, string body, string contentType = "application/json")
    {
        using var response = await _http.PostAsync(new Uri(_service.Address, path), new StringContent(body, Encoding.UTF8, contentType));
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }

    [Fact]
    public async Task The_courses_endpoints_answer_as_documented()
    {
        var (status, next) = await Post("next/3", "{\"track\": 10, \"time\": 0.5}");
        var (lastStatus, last) = await Post("last/3", "{\"track\": 11, \"time\": 0.25}");
        var alive = JsonDocument.Parse(await _http.GetStringAsync(_service.Address)).RootElement;
        var track = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_service.Address, "track/10"))).RootElement;
        var experiments = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_service.Address, "experiments"))).RootElement;
        var health = JsonDocument.Parse(await _http.GetStringAsync(new Uri(_service.Address, "health"))).RootElement;

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, next.GetProperty("user").GetInt32());
        Assert.InRange(next.GetProperty("track").GetInt32(), 0, Worlds.Small.TrackCount - 1);
        Assert.Equal(HttpStatusCode.OK, lastStatus);
        Assert.Equal(3, last.GetProperty("user").GetInt32());
        Assert.Equal("up", alive.GetProperty("status").GetString());
        Assert.Equal(Worlds.Small.TitleOf(10), track.GetProperty("title").GetString());
        Assert.Equal("E", experiments[0].GetProperty("name").GetString());
        Assert.Equal(["C", "T1"], experiments[0].GetProperty("arms").EnumerateArray().Select(a => a.GetProperty("name").GetString()));
        Assert.Equal("sticky-artist", experiments[0].GetProperty("arms")[1].GetProperty("recommender").GetString());
        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(2, health.GetProperty("events").GetInt64());
    }

    public static TheoryData<string, string, int, string> BadRequests() => new()
    {
        { "next/abc", "{\"track\": 1, \"time\": 0.5}", 404, "unknown user 'abc'" },
        { "next/999999", "{\"track\": 1, \"time\": 0.5}", 404, "unknown user '999999'" },
        { "next/-1", "{\"track\": 1, \"time\": 0.5}", 404, "unknown user '-1'" },
        { "next/1", "{\"track\": 9999999, \"time\": 0.5}", 404, "unknown track 9999999" },
        { "next/1", "{\"track\": -4, \"time\": 0.5}", 404, "unknown track -4" },
        { "next/1", "{\"track\": 1, \"time\": 0.5", 400, "malformed JSON" },
        { "next/1", "not json at all", 400, "malformed JSON" },
        { "next/1", "", 400, "malformed JSON" },
        { "next/1", "[1, 2]", 400, "must be a JSON object" },
        { "next/1", "{\"time\": 0.5}", 400, "field 'track' is missing" },
        { "next/1", "{\"track\": 1}", 400, "field 'time' is missing" },
        { "next/1", "{\"track\": \"1\", \"time\": 0.5}", 400, "field 'track' must be an integer" },
        { "next/1", "{\"track\": 1.5, \"time\": 0.5}", 400, "field 'track' must be an integer" },
        { "next/1", "{\"track\": 1, \"time\": \"half\"}", 400, "field 'time' must be a number" },
        { "next/1", "{\"track\": 1, \"time\": 1.5}", 400, "field 'time' is 1.5" },
        { "next/1", "{\"track\": 1, \"time\": 0.5, \"session\": \"x\"}", 400, "field 'session' must be a non-negative integer" },
        { "next/1", "{\"track\": 1, \"time\": 0.5} trailing", 400, "malformed JSON" },
        { "last/1", "{\"track\": 1}", 400, "field 'time' is missing" },
        { "next/1", "{\"track\": 1, \"time\": 0.5, \"pad\": \"" + new string('x', 5000) + "\"}", 413, "larger than 4096 bytes" },
        { "nowhere/1", "{}", 404, "no endpoint POST /nowhere/1" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_a_4xx_with_a_JSON_error_and_logs_nothing(string path, string body, int expected, string message)
    {
        var before = await Events();

        var (status, json) = await Post(path, body);

        Assert.Equal(expected, (int)status);
        Assert.Contains(message, json.GetProperty("error").GetString());
        Assert.Equal(before, await Events());
    }

    public static TheoryData<string, int, int, string> OversizedHeads() => new()
    {
        { "next/1?" + new string('q', 9000), 0, 414, "more than 8192" },
        { "next/1?" + new string('q', 30_000), 0, 414, "more than 8192" },
        { "next/1", 5, 431, "more than 32768" },
        { "next/1", 20, 431, "more than 32768" },
    };

    [Theory]
    [MemberData(nameof(OversizedHeads))]
    public async Task An_overlong_request_line_or_oversized_headers_get_414_or_431_with_a_JSON_error_and_log_nothing(
        string path, int bigHeaders, int expected, string message)
    {
        var before = await Events();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_service.Address, path))
        {
            Content = new StringContent("{\"track\": 1, \"time\": 0.5}", Encoding.UTF8, "application/json"),
        };
        for (var i = 0; i < bigHeaders; i++) request.Headers.Add($"X-Pad-{i}", new string('h', 7000));

        using var response = await _http.SendAsync(request);

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(message, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Equal(before, await Events());
    }

    public static TheoryData<byte[]> BadlyEncodedNames() => new()
    {
        Encoding.ASCII.GetBytes("{\"track\": 1, \"time\": 0.5, \"").Concat(new byte[] { 0xFF, 0xFE }).Concat(Encoding.ASCII.GetBytes("\": 1}")).ToArray(),
        Encoding.ASCII.GetBytes("{\"\\ud800\": 1, \"track\": 1, \"time\": 0.5}"),
        Encoding.ASCII.GetBytes("{\"track\": 1, \"\\udfff\\ud800\": 2, \"time\": 0.5}"),
    };

    [Theory]
    [MemberData(nameof(BadlyEncodedNames))]
    public async Task A_property_name_with_invalid_UTF8_or_a_lone_surrogate_gets_400_with_a_JSON_error(byte[] body)
    {
        var before = await Events();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await _http.PostAsync(new Uri(_service.Address, "next/1"), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("malformed JSON", json.GetProperty("error").GetString());
        Assert.Equal(before, await Events());
    }

    [Fact]
    public async Task Experiments_name_artifacts_without_the_hosts_absolute_paths()
    {
        using var dir = new TempDir();
        var lists = dir.File("private-folder/lists.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(lists)!);
        File.WriteAllText(lists, "{\"user\": 1, \"tracks\": [3, 4]}\n");
        await using var service = await ReplicaHost.StartAsync(Worlds.Small, dir, "paths",
            arms: new() { ["C"] = "random", ["T1"] = $"fallback(indexed:{lists}, random)" });

        var text = await _http.GetStringAsync(new Uri(service.Address, "experiments"));

        Assert.DoesNotContain(dir.Path, text);
        Assert.Equal("fallback(indexed:lists.jsonl, random)",
            JsonDocument.Parse(text).RootElement[0].GetProperty("arms")[1].GetProperty("recommender").GetString());
    }

    [Fact]
    public async Task An_unknown_track_page_is_a_404()
    {
        using var response = await _http.GetAsync(new Uri(_service.Address, "track/oops"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("unknown track 'oops'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stopping_the_service_completes_its_event_log()
    {
        await Post("next/4", "{\"track\": 10, \"time\": 1.0, \"session\": 77}");
        await Post("last/4", "{\"track\": 11, \"time\": 0.3, \"session\": 77}");

        await _service.DisposeAsync();
        var events = EventLogReader.Read(_service.LogDir);

        Assert.Equal(2, events.Count);
        Assert.Equal([77L, 77L], events.Session);
        Assert.Equal("{\"E\":\"" + (new RecLab.Experiments.Experiment("E", [new("C", "random", new RecLab.Recommenders.RandomRecommender(1)), new("T1", "random", new RecLab.Recommenders.RandomRecommender(1))]).ArmOf(4).Name) + "\"}",
            events.ExperimentsValues[events.ExperimentsCode[0]]);
        _service = await ReplicaHost.StartAsync(Worlds.Small, _dir, "contract-2");
    }

    private async Task<long> Events() =>
        JsonDocument.Parse(await _http.GetStringAsync(new Uri(_service.Address, "health"))).RootElement.GetProperty("events").GetInt64();
}
