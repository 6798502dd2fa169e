using Microsoft.AspNetCore.Identity;

namespace AdminPortal.Data;

public class ApplicationUser : IdentityUser
{
}
