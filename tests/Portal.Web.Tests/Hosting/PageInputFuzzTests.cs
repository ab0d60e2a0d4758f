using System.Net;
using Microsoft.AspNetCore.WebUtilities;
using Portal.Data.Database;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Hosting;

/// <summary>
/// Every page handler (the tenancy tests' table, so a new page is fuzzed as soon as it has a tenancy case), each of its
/// query-string and form fields in turn set to hostile values or repeated as an array, by an admin and by a customer
/// lead: no answer may be a server error. Bad input is a 400, a 404 or the form shown again with its message. A portal
/// of its own, because the admin's posts change what they reach.
/// </summary>
public sealed class PageInputFuzzTests
{
    private static readonly string[] HostileValues =
    [
        "", new('x', 5000), "a\0b", "line\r\nbreak", "\u202Egnp.exe", "-1", "99999999999999999999999999999999", "yes",
    ];

    // Names that list pages read from the query string beside those in the tenancy cases.
    private static readonly string[] CommonQueryNames = ["page", "sort", "overdue"];

    // The customer lead first: the admin's posts may deactivate the customer's organisation, which signs its people out.
    private static readonly string[] People = ["leo.lead@nordlab.example", "admin@helix.example"];

    [Theory, OnBothDatabases]
    public async Task No_hostile_query_or_form_value_on_any_page_is_a_server_error(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider);
        var a = await CustomerA.LoadAsync(portal);
        var failures = new List<string>();
        var requests = 0;

        foreach (var email in People)
        {
            using var session = await WebSession.SignInAsync(portal, email);
            foreach (var (key, probeFor) in PageTenancyCases.All.Where(c => !c.Key.Contains("logout", StringComparison.Ordinal)))
            {
                var probe = probeFor(a);
                var (path, query) = Split(probe.Path);
                var queryNames = probe.Form is null ? query.Keys.Union(CommonQueryNames, StringComparer.OrdinalIgnoreCase) : query.Keys;
                foreach (var variant in Variants(queryNames, query))
                {
                    var url = QueryHelpers.AddQueryString(path, variant);
                    var status = probe.Form is null ? (await session.GetAsync(url)).Status : await session.PostFieldsAsync(url, probe.Form.Select(f => new KeyValuePair<string, string?>(f.Key, f.Value)));
                    requests++;
                    Judge(status, $"{email} · {key} · {Describe(variant)}");
                }
                foreach (var variant in probe.Form is null ? [] : Variants(probe.Form.Keys, probe.Form))
                {
                    var status = await session.PostFieldsAsync(probe.Path, variant);
                    requests++;
                    Judge(status, $"{email} · {key} · form {Describe(variant)}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {requests} requests failed:\n{string.Join("\n", failures.GroupBy(f => f[..f.LastIndexOf('=')]).Select(g => g.First()).Take(60))}");

        void Judge(HttpStatusCode status, string what)
        {
            if ((int)status >= 500)
            {
                failures.Add($"{(int)status} {what}");
            }
        }
    }

    /// <summary>For each field: every hostile value in its place, and the field sent twice (an array); the other fields as the probe has them.</summary>
    private static IEnumerable<List<KeyValuePair<string, string?>>> Variants(IEnumerable<string> names, IReadOnlyDictionary<string, string> values)
    {
        foreach (var name in names.ToList())
        {
            var others = values.Where(v => v.Key != name).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)).ToList();
            foreach (var hostile in HostileValues)
            {
                yield return [.. others, new(name, hostile)];
            }
            yield return [.. others, new(name, "1"), new(name, "two")];
        }
    }

    private static (string Path, Dictionary<string, string> Query) Split(string url)
    {
        var at = url.IndexOf('?');
        return at < 0
            ? (url, [])
            : (url[..at], QueryHelpers.ParseQuery(url[at..]).ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.OrdinalIgnoreCase));
    }

    private static string Describe(List<KeyValuePair<string, string?>> variant)
    {
        var last = variant[^1];
        var value = last.Value ?? "";
        return $"{last.Key}={(value.Length > 20 ? value[..20] + "…" : value).ReplaceLineEndings("\\n").Replace("\0", "\\0", StringComparison.Ordinal)}";
    }
}
