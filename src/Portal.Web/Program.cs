using Portal.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();
var app = builder.Build();
await app.UsePortalAsync();
await app.RunAsync();

// WebApplicationFactory needs a public entry type.
public partial class Program;
