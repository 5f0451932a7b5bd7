; NSIS installer of gosdesk for Windows: a per-user install that needs no
; administrator rights (RequestExecutionLevel user, %LOCALAPPDATA%\Programs),
; a Start-menu folder, an uninstaller registered under HKCU.
; Built by internal/tools/package.sh (make package) with Debian's makensis:
;   makensis -DVERSION=0.1.0 -DBUILD=1 -DSRC=dir-with-exes -DOUT=dist/x.exe gosdesk.nsi
; Silent install: gosdesk-setup.exe /S  (optionally /D=C:\path as the LAST argument).
; Silent removal: "%LOCALAPPDATA%\Programs\gosdesk\uninstall.exe" /S

; A 64-bit installer: gosdesk is x64 only, and Wine without its 32-bit half (Debian's wine64
; alone, as in make package-test) cannot start a 32-bit one.
Target amd64-unicode
SetCompressor /SOLID lzma
RequestExecutionLevel user

!define APP "gosdesk"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\gosdesk"

Name "gosdesk ${VERSION}"
OutFile "${OUT}"
InstallDir "$LOCALAPPDATA\Programs\gosdesk"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"
BrandingText "gosdesk ${VERSION}"

VIProductVersion "${VERSION}.${BUILD}"
VIAddVersionKey /LANG=1049 "ProductName" "gosdesk"
VIAddVersionKey /LANG=1049 "FileDescription" "Установка gosdesk"
VIAddVersionKey /LANG=1049 "FileVersion" "${VERSION}.${BUILD}"
VIAddVersionKey /LANG=1049 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=1049 "LegalCopyright" "© 2026 gosdesk developers"

!include "MUI2.nsh"
!define MUI_ICON "${SRC}\gosdesk.ico"
!define MUI_UNICON "${SRC}\gosdesk.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\gosdesk.exe"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Russian"
!insertmacro MUI_LANGUAGE "English"

Section "gosdesk" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${SRC}\gosdesk.exe"
  File "${SRC}\gosctl.exe"
  File "${SRC}\gosdesk.ico"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\gosdesk"
  CreateShortcut "$SMPROGRAMS\gosdesk\gosdesk.lnk" "$INSTDIR\gosdesk.exe" "" "$INSTDIR\gosdesk.ico"
  CreateShortcut "$SMPROGRAMS\gosdesk\Удалить gosdesk.lnk" "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "gosdesk"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "gosdesk developers"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\gosdesk.ico"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" ${SIZE_KB}
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$INSTDIR\gosdesk.exe"
  Delete "$INSTDIR\gosctl.exe"
  Delete "$INSTDIR\gosdesk.ico"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\gosdesk\gosdesk.lnk"
  Delete "$SMPROGRAMS\gosdesk\Удалить gosdesk.lnk"
  RMDir "$SMPROGRAMS\gosdesk"
  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
