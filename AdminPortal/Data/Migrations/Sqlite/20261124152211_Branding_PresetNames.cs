using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Branding_PresetNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LogoUrl",
                table: "InviteSettings",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OrganisationName",
                table: "InviteSettings",
                type: "TEXT",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            // "Moderator invite" fills in a direct link, and "invite" now means the durable /j/ kind only: rename the seeded
            // preset where it still has its seeded name and no preset is called "Moderator" already.
            migrationBuilder.Sql("""
                UPDATE "Presets" SET "Name" = 'Moderator'
                WHERE "Name" = 'Moderator invite' AND NOT EXISTS (SELECT 1 FROM "Presets" AS p WHERE p."Name" = 'Moderator');
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE "Presets" SET "Name" = 'Moderator invite'
                WHERE "Name" = 'Moderator' AND NOT EXISTS (SELECT 1 FROM "Presets" AS p WHERE p."Name" = 'Moderator invite');
                """);

            migrationBuilder.DropColumn(
                name: "LogoUrl",
                table: "InviteSettings");

            migrationBuilder.DropColumn(
                name: "OrganisationName",
                table: "InviteSettings");
        }
    }
}
