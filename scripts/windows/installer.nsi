; Lentera's Windows installer (NSIS 3, Debian's makensis). scripts/windows/build.sh passes
; VERSION, STAGE (the folder the portable zip is made from) and OUTFILE.
; For all accounts of the PC, in Program Files: the programs, a Start-menu entry, the
; .lentera file type (double click: the player imports the pack), an optional page that
; copies a publisher's public key (.pub) into trusted.d (trusted for every account), and
; an uninstaller. Each learner's library and records stay in their own profile
; (%APPDATA%\Lentera\lentera-player): the uninstaller does not touch them.
Unicode true
SetCompressor /SOLID lzma
!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "Sections.nsh"

Name "Lentera ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\Lentera"
InstallDirRegKey HKLM "Software\Lentera" "InstallDir"
RequestExecutionLevel admin
BrandingText "Lentera ${VERSION}"

Var PubKey

!define MUI_ICON "${STAGE}\lentera.ico"
!define MUI_UNICON "${STAGE}\lentera.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\lentera-player.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Indonesian"
!insertmacro MUI_LANGUAGE "English"

Section "Lentera (wajib)" SecMain
  SectionIn RO
  SetShellVarContext all ; the Start-menu entries for every account
  SetOutPath "$INSTDIR"
  File /r "${STAGE}\*.*"
  WriteRegStr HKLM "Software\Lentera" "InstallDir" "$INSTDIR"
  CreateDirectory "$SMPROGRAMS\Lentera"
  CreateShortcut "$SMPROGRAMS\Lentera\Lentera.lnk" "$INSTDIR\lentera-player.exe" "" "$INSTDIR\lentera.ico"
  CreateShortcut "$SMPROGRAMS\Lentera\Hapus Lentera.lnk" "$INSTDIR\uninstall.exe"
  ; .lentera packs open in the player, which imports them
  WriteRegStr HKLM "Software\Classes\.lentera" "" "Lentera.Pack"
  WriteRegStr HKLM "Software\Classes\Lentera.Pack" "" "Paket kursus Lentera"
  WriteRegStr HKLM "Software\Classes\Lentera.Pack\DefaultIcon" "" "$INSTDIR\lentera.ico"
  WriteRegStr HKLM "Software\Classes\Lentera.Pack\shell\open\command" "" '"$INSTDIR\lentera-player.exe" "%1"'
  WriteUninstaller "$INSTDIR\uninstall.exe"
  !define UNINST "Software\Microsoft\Windows\CurrentVersion\Uninstall\Lentera"
  WriteRegStr HKLM "${UNINST}" "DisplayName" "Lentera ${VERSION}"
  WriteRegStr HKLM "${UNINST}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINST}" "Publisher" "Lentera"
  WriteRegStr HKLM "${UNINST}" "DisplayIcon" "$INSTDIR\lentera.ico"
  WriteRegStr HKLM "${UNINST}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegDWORD HKLM "${UNINST}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINST}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKLM "${UNINST}" "EstimatedSize" "$0"
SectionEnd

; The publisher key: a .pub file named on the command line (/PUBKEY=path, for silent
; installs: setup.exe /S /PUBKEY=D:\kunci.pub, which also selects this step) or chosen in a
; dialog
Section /o "Percayai kunci penerbit (.pub)" SecTrust
  StrCmp $PubKey "" 0 +3
    nsDialogs::SelectFileDialog open "" "Kunci penerbit (*.pub)|*.pub"
    Pop $PubKey
  StrCmp $PubKey "" done
  IfFileExists $PubKey 0 missing
  CreateDirectory "$INSTDIR\trusted.d"
  ${GetFileName} $PubKey $1
  CopyFiles /SILENT "$PubKey" "$INSTDIR\trusted.d\$1"
  DetailPrint "Kunci penerbit dipercaya: $1"
  Goto done
  missing:
  DetailPrint "Kunci penerbit tidak ditemukan: $PubKey"
  done:
SectionEnd

Function .onInit
  ${GetParameters} $0
  ${GetOptions} $0 "/PUBKEY=" $PubKey
  StrCmp $PubKey "" +2
    !insertmacro SelectSection ${SecTrust}
FunctionEnd

LangString DESC_Main ${LANG_INDONESIAN} "Pemutar kursus dan lentera-pack."
LangString DESC_Trust ${LANG_INDONESIAN} "Paket yang ditandatangani kunci ini bisa dibuka oleh semua akun di PC ini."
LangString DESC_Main ${LANG_ENGLISH} "The course player and lentera-pack."
LangString DESC_Trust ${LANG_ENGLISH} "Packs signed with this key open for every account on this PC."
!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecMain} $(DESC_Main)
  !insertmacro MUI_DESCRIPTION_TEXT ${SecTrust} $(DESC_Trust)
!insertmacro MUI_FUNCTION_DESCRIPTION_END

Section "Uninstall"
  SetShellVarContext all
  Delete "$SMPROGRAMS\Lentera\Lentera.lnk"
  Delete "$SMPROGRAMS\Lentera\Hapus Lentera.lnk"
  RMDir "$SMPROGRAMS\Lentera"
  DeleteRegKey HKLM "Software\Classes\Lentera.Pack"
  DeleteRegKey HKLM "Software\Classes\.lentera"
  DeleteRegKey HKLM "${UNINST}"
  DeleteRegKey HKLM "Software\Lentera"
  RMDir /r "$INSTDIR"
SectionEnd
