using AdminPortal;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
await app.PreparePortalAsync();
app.MapPortal();

await app.RunAsync();
