using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data.Database;
using Portal.Web.Seed;
using Portal.Web.Tests.Infrastructure;
using Portal.Web.Tests.Tenancy;

namespace Portal.Web.Tests.Pages;

/// <summary>
/// An upload beyond Kestrel's request limit (30,000,000 bytes) never reaches the page's own 20 MB check; it used to
/// answer a generic error. Now the answer is 413 with a page that names the limit. Needs real Kestrel (the in-memory
/// test server has no request limit), so a plain HttpClient signs in here instead of <see cref="WebSession"/>.
/// </summary>
public sealed partial class UploadLimitTests
{
    [Fact]
    public async Task An_upload_beyond_the_servers_request_limit_gets_a_413_page_naming_the_limit()
    {
        await using var portal = new KestrelPortal();
        portal.UseKestrel();
        portal.StartServer();
        var address = new Uri(portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var a = await CustomerA.LoadAsync(portal);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = address };
        using var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "quinn.quality@helix.example", ["Password"] = DemoData.Password, ["__RequestVerificationToken"] = await AntiforgeryAsync(client, "/account/login"),
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await AntiforgeryAsync(client, "/notifications")), "__RequestVerificationToken" },
            { new ByteArrayContent(new byte[31_000_000]), "Upload", "huge.pdf" },
        };

        // With 100-continue the server answers before the body is sent; without it Kestrel's answer races the upload
        // and a client still sending may only see the connection close.
        client.DefaultRequestHeaders.ExpectContinue = true;
        using var response = await client.PostAsync($"/p/{a.PartnershipId}/quality/{a.QualityIssueId}?handler=Attach", form, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than the portal accepts", body[..Math.Min(body.Length, 100_000)]);
        Assert.Contains("20 MB", body);
    }

    private static async Task<string> AntiforgeryAsync(HttpClient client, string path) =>
        AntiforgeryField().Match(await client.GetStringAsync(path, Ct)).Groups[1].Value;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    private sealed class KestrelPortal() : PortalFactory(DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Kestrel:Endpoints:Web:Url", "http://127.0.0.1:0");
            builder.UseSetting("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0");
            builder.UseSetting("Kestrel:Endpoints:Grpc:Protocols", "Http1");
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
