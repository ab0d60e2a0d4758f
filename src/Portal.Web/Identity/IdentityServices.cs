using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Data.Users;

namespace Portal.Web.Identity;

public static class IdentityServices
{
    public const int MaxFailedAccessAttempts = 5;

    /// <summary>How long the sign-in cookie lives without a request (it slides); a session unseen for longer is dead.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddPortalIdentity(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("PartnerPortal");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = ActivatorUtilities.CreateInstance<DatabaseXmlRepository>(provider)));

        services.AddAuthentication(IdentityConstants.ApplicationScheme).AddIdentityCookies();
        services.AddIdentityCore<PortalUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Tokens.AuthenticatorTokenProvider = ReplayProofAuthenticatorProvider.Name;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddUserStore<DapperUserStore>()
            .AddSignInManager<PortalSignInManager>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>()
            // Only the providers we use: invitation links (the default provider) and the authenticator app.
            // Identity's full default set includes e-mail and phone providers we have no stores for.
            .AddTokenProvider<DataProtectorTokenProvider<PortalUser>>(TokenOptions.DefaultProvider)
            .AddTokenProvider<ReplayProofAuthenticatorProvider>(ReplayProofAuthenticatorProvider.Name);
        // Invitation links stay valid for a week; password-reset tokens use the same provider.
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = TimeSpan.FromDays(7));

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/access-denied";
            o.Cookie.Name = "portal.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            // Secure whenever the request came over TLS (behind a TLS proxy, forward the scheme).
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = SessionLifetime;
            o.SlidingExpiration = true;
            // Replaces Identity's security stamp check with the session check followed by it.
            o.Events.OnValidatePrincipal = ServerSessions.ValidatePrincipalAsync;
            o.Events.OnCheckSlidingExpiration = ServerSessions.CheckSlidingExpirationAsync;
        });
        // A deactivation changes the security stamp; re-check it often so old cookies die quickly.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddAuthorizationBuilder()
            .AddPolicy(PortalPolicies.SupplierAdmin, p => p.RequireAuthenticatedUser().RequireRole(nameof(PortalRole.Admin)))
            .AddPolicy(PortalPolicies.PeopleManager, p => p.RequireAuthenticatedUser().RequireRole(nameof(PortalRole.Admin), nameof(PortalRole.CustomerLead)))
            .AddPolicy(PortalPolicies.SupplierStaff, p => p.RequireAuthenticatedUser().RequireRole(PortalRoles.Supplier.Select(r => r.ToString())));

        services.AddHttpContextAccessor();
        services.AddScoped<CallerContext>();
        services.AddScoped<Invitations>();
        return services;
    }
}
