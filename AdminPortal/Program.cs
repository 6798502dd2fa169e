using AdminPortal;
using AdminPortal.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddPortal();

var app = builder.Build();
if (!await app.TryPrepareDatabaseAsync(PortalHosting.PreparePortalAsync))
{
    await app.DisposeAsync(); // flushes the critical log line before the non-zero exit
    return 1;
}
if (MigrateOnly.IsRequested(args))
{
    return await app.ExitAfterMigrationAsync();
}
app.MapPortal();

await app.RunAsync();
return 0;
