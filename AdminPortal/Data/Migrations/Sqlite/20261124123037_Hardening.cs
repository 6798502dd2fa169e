using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace AdminPortal.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LastRefusal",
                table: "Invites",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LastRefusalAt",
                table: "Invites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReplacedById",
                table: "Invites",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "InviteUseLeases",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    InviteId = table.Column<int>(type: "INTEGER", nullable: false),
                    ReservedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InviteUseLeases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StaffSessions",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffSessions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_InviteUseLeases_ExpiresAt",
                table: "InviteUseLeases",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_InviteUseLeases_InviteId",
                table: "InviteUseLeases",
                column: "InviteId");

            migrationBuilder.CreateIndex(
                name: "IX_StaffSessions_UserId",
                table: "StaffSessions",
                column: "UserId");

            // REPLACE / INSERT OR REPLACE deletes the old row without firing delete triggers (recursive_triggers is off),
            // so an insert that reuses an existing id is refused before it happens. New rows get NEW.Id = -1 here.
            migrationBuilder.Sql("CREATE TRIGGER AuditEntries_NoReplace BEFORE INSERT ON AuditEntries WHEN EXISTS (SELECT 1 FROM AuditEntries WHERE Id = NEW.Id) BEGIN SELECT RAISE(ABORT, 'audit entries cannot be replaced'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS AuditEntries_NoReplace;");

            migrationBuilder.DropTable(
                name: "InviteUseLeases");

            migrationBuilder.DropTable(
                name: "StaffSessions");

            migrationBuilder.DropColumn(
                name: "LastRefusal",
                table: "Invites");

            migrationBuilder.DropColumn(
                name: "LastRefusalAt",
                table: "Invites");

            migrationBuilder.DropColumn(
                name: "ReplacedById",
                table: "Invites");
        }
    }
}
