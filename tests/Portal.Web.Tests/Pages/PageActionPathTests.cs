using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Portal.Data.Database;
using Portal.Web.Pages;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// Every page handler answers a broken rule, a taken key and a refused act one way, through <see cref="PageActionFilter"/>
/// (docs/tenancy.md, "Refusals on pages"): by construction (every posting page is a <see cref="PortalPageModel"/> and no
/// page catches a domain error itself) and by trying it (every post of the tenancy table, as people of customer A's own
/// partnership who lack most roles, with the table's form and with an empty one).
/// </summary>
public sealed class PageActionPathTests
{
    // Sign-in and the error page speak to ASP.NET Core Identity and the host, which throw no domain errors; their
    // messages must not tell whether an account exists, so they keep their own wording.
    private static readonly string[] OwnPath = ["Portal.Web.Pages.Account.", "Portal.Web.Pages.ErrorModel"];

    private static readonly Type[] DomainErrors = [typeof(ValidationException), typeof(ScopeException), typeof(DuplicateException)];

    // A customer engineer of A does customer work only; supplier Finance does Finance's acts only. Between them
    // most posts are refused by role or side, and the rest meet the rules with an empty form.
    private static readonly string[] Insiders = ["nina.engineer@nordlab.example", "fay.finance@helix.example"];

    [Fact]
    public void Every_page_that_posts_is_a_portal_page()
    {
        var pages = typeof(PortalPageModel).Assembly.GetTypes()
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract && !OwnPath.Any(o => t.FullName!.StartsWith(o, StringComparison.Ordinal)))
            .Where(t => t.GetMethods().Any(m => m.Name.StartsWith("OnPost", StringComparison.Ordinal)));

        Assert.Empty(pages.Where(t => !typeof(PortalPageModel).IsAssignableFrom(t)).Select(t => t.FullName));
    }

    [Fact]
    public void No_page_catches_a_domain_error_itself()
    {
        // Async handlers catch inside their compiler-made state machines: nested types are searched too.
        var catching = typeof(PortalPageModel).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith("Portal.Web.Pages", StringComparison.Ordinal) == true && !IsWithin(t, typeof(PageActionFilter)))
            .SelectMany(t => t.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(m => m.GetMethodBody()?.ExceptionHandlingClauses.Any(c => c.Flags == ExceptionHandlingClauseOptions.Clause && DomainErrors.Contains(c.CatchType)) == true)
                .Select(m => $"{t.FullName}.{m.Name}"));

        Assert.Empty(catching);
    }

    [Theory, OnBothDatabases]
    public async Task Every_post_answers_field_errors_or_the_decided_status(DatabaseProvider provider)
    {
        await using var portal = new PortalFactory(provider);
        var a = await CustomerA.LoadAsync(portal);
        var failures = new List<string>();

        foreach (var email in Insiders)
        {
            using var session = await WebSession.SignInAsync(portal, email);
            foreach (var (key, probeFor) in PageTenancyCases.All.Where(c => c.Key.StartsWith("POST", StringComparison.Ordinal) && !c.Key.Contains("/account/", StringComparison.Ordinal) && !c.Key.Contains("/error", StringComparison.Ordinal)))
            {
                var probe = probeFor(a);
                var pagePath = probe.Path.Split('?')[0];
                var reserved = (await session.GetAsync(pagePath)).Location?.Contains("/account/access-denied", StringComparison.Ordinal) == true;
                foreach (var (what, form) in new[] { ("the table's form", probe.Form!), ("an empty form", new Dictionary<string, string>()) })
                {
                    var (status, body, location) = await session.PostAsync(probe.Path, new Dictionary<string, string>(form));
                    if (Judge(status, body, location, reserved) is { } problem)
                    {
                        failures.Add($"{email} · {key} · {what} → {(int)status} {location}: {problem}");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static string? Judge(HttpStatusCode status, string body, string? location, bool reserved) => status switch
    {
        >= HttpStatusCode.InternalServerError => "an exception page",
        HttpStatusCode.Forbidden when !body.Contains("validation-summary-errors", StringComparison.Ordinal) => "403 without the reason on the page",
        HttpStatusCode.Redirect when location?.Contains("/account/access-denied", StringComparison.Ordinal) == true && !reserved =>
            "sent to the access-denied page by a page the caller may see: a refusal outside the one path",
        _ => null,
    };

    private static bool IsWithin(Type type, Type outer) => type == outer || (type.DeclaringType is { } declaring && IsWithin(declaring, outer));
}
