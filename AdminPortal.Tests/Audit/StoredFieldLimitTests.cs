using AdminPortal.Presets;
using AdminPortal.Staff;
using AdminPortal.Tests.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace AdminPortal.Tests.Audit;

/// <summary>Staff and preset texts are bounded like audit fields, but refused with a message instead of cut: staff typed them on purpose.</summary>
public sealed class StoredFieldLimitTests(PortalWithAdministrator fixture) : IClassFixture<PortalWithAdministrator>
{
    private PortalFactory Portal => fixture.Portal;

    [Fact]
    public async Task Over_long_staff_e_mail_and_display_name_are_refused_with_a_message()
    {
        var staff = Portal.Services.GetRequiredService<StaffService>();
        var admin = await Portal.ActorAsync();
        var longEmail = new string('a', 250) + "@example.test";

        var email = await staff.CreateAsync(admin, longEmail, "Ann", StaffRoles.Moderator, null);
        var name = await staff.CreateAsync(admin, "ann@example.test", new string('n', 101), StaffRoles.Moderator, null);
        var fits = await staff.CreateAsync(admin, "bea@example.test", new string('n', 100), StaffRoles.Moderator, null);

        Assert.Equal("The e-mail address is too long: at most 256 characters (now 263).", email.Error);
        Assert.Equal("The display name is too long: at most 100 characters (now 101).", name.Error);
        Assert.True(fits.Succeeded, fits.Error);
        var members = await staff.ListAsync(admin);
        Assert.DoesNotContain(members, m => m.Email == longEmail || m.Email == "ann@example.test");
    }

    [Fact]
    public async Task Over_long_preset_name_and_description_are_refused_next_to_their_fields()
    {
        var preset = new Preset { Name = new string('p', 101), Description = new string('d', 501) };

        var errors = PresetService.Validate(preset);
        var saved = await Portal.Services.GetRequiredService<PresetService>().SaveAsync(await Portal.ActorAsync(), preset);

        Assert.Equal("The name is too long: at most 100 characters (now 101).", errors[nameof(Preset.Name)]);
        Assert.Equal("The description is too long: at most 500 characters (now 501).", errors[nameof(Preset.Description)]);
        Assert.NotNull(saved);
        Assert.Empty(PresetService.Validate(new Preset { Name = new string('p', 100), Description = new string('d', 500) }));
    }
}
