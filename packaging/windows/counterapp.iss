; Inno Setup script of Counter's Windows installer (Inno Setup 6.2 or later).
;
; It packs the one-folder bundle that `make bundle` (PyInstaller, packaging/counterapp.spec)
; builds ON WINDOWS into dist\counterapp\ - PyInstaller does not cross-compile, so the
; bundle and this installer are built on a Windows machine; they cannot be built on the
; Linux build machines. Steps: packaging/windows/README.md.
;
;   iscc /DAppVersion=0.1.0 packaging\windows\counterapp.iss
;
; writes dist\counterapp-0.1.0-setup.exe. It installs
;   {autopf}\Counter\                          the bundle (counterapp.exe is the command line,
;                                              counterappw.exe the same program without a console)
;   Start menu (and optionally desktop) shortcut to counterappw.exe
;   %PROGRAMDATA%\counterapp\config.toml       the commented example of the system-wide
;                                              settings, only if none is there yet; never
;                                              removed on uninstall (IT's edited copy stays)
; and puts {app} on the system PATH (optional task), so `counterapp doctor` works in a
; console. Silent installs for fleets: counterapp-0.1.0-setup.exe /VERYSILENT /NORESTART
; /TASKS="addtopath"

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "Counter"
#define Bundle "..\..\dist\counterapp"

[Setup]
; AppId identifies the product for upgrades and uninstall: never change it
AppId={{6F0E2C52-3B1D-4C7E-9A57-2D4E8F1B9C30}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Counter team
DefaultDirName={autopf}\Counter
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=counterapp-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\counterapp.ico
UninstallDisplayIcon={app}\counterappw.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
#if FileExists(CompilerPath + "Languages\ChineseSimplified.isl")
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add counterapp to the system PATH (for IT's commands)"; Flags: unchecked

[Dirs]
Name: "{commonappdata}\counterapp"

[Files]
; the bundle, replaced whole on an upgrade (the old version's files are removed first)
Source: "{#Bundle}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; the system-wide settings: installed once, kept on upgrade and uninstall
Source: "..\deb\config.toml"; DestDir: "{commonappdata}\counterapp"; Flags: onlyifdoesntexist uninsneveruninstall

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\counterappw.exe"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\counterappw.exe"; Tasks: desktopicon

[Registry]
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\counterappw.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_LOCAL_MACHINE,
    'SYSTEM\CurrentControlSet\Control\Session Manager\Environment', 'Path', Path) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
