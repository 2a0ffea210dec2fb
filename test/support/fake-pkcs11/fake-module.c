/*
 * A misbehaving PKCS#11 module for tests, built with gcc at test time. FAKE_MODE picks the misbehaviour:
 *   FAKE_HANG   C_Initialize never returns (a driver stuck on a dead reader)
 *   FAKE_CRASH  C_Initialize calls abort() (a driver that takes its host process down)
 *   FAKE_LOCKED one token whose user PIN is locked: CKF_USER_PIN_LOCKED, and C_Login answers CKR_PIN_LOCKED
 *               (SoftHSM2 never locks a PIN, so this is the only way to see that path)
 * Every function not needed answers CKR_FUNCTION_NOT_SUPPORTED.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CK_PTR *
#define CK_DECLARE_FUNCTION(returnType, name) returnType name
#define CK_DECLARE_FUNCTION_POINTER(returnType, name) returnType(*name)
#define CK_CALLBACK_FUNCTION(returnType, name) returnType(*name)
#ifndef NULL_PTR
#define NULL_PTR 0
#endif
#include "pkcs11.h"

#define FAKE_SLOT 7
#define FAKE_SESSION 1

static void pad(CK_UTF8CHAR *field, size_t size, const char *text) {
  memset(field, ' ', size);
  memcpy(field, text, strlen(text) < size ? strlen(text) : size);
}

static CK_RV not_supported(void) { return CKR_FUNCTION_NOT_SUPPORTED; }

static CK_RV fake_initialize(CK_VOID_PTR args) {
  (void)args;
#if defined(FAKE_HANG)
  for (;;) pause();
#elif defined(FAKE_CRASH)
  abort();
#endif
  return CKR_OK;
}

static CK_RV fake_finalize(CK_VOID_PTR reserved) {
  (void)reserved;
  return CKR_OK;
}

static CK_RV fake_get_info(CK_INFO_PTR info) {
  memset(info, 0, sizeof *info);
  info->cryptokiVersion.major = 2;
  info->cryptokiVersion.minor = 40;
  pad(info->manufacturerID, sizeof info->manufacturerID, "Trust Vault tests");
  pad(info->libraryDescription, sizeof info->libraryDescription, "fake module");
  info->libraryVersion.major = 1;
  return CKR_OK;
}

static CK_RV fake_get_slot_list(CK_BBOOL present, CK_SLOT_ID_PTR list, CK_ULONG_PTR count) {
  (void)present;
  if (list == NULL_PTR) {
    *count = 1;
    return CKR_OK;
  }
  if (*count < 1) return CKR_BUFFER_TOO_SMALL;
  list[0] = FAKE_SLOT;
  *count = 1;
  return CKR_OK;
}

static CK_RV fake_get_slot_info(CK_SLOT_ID slot, CK_SLOT_INFO_PTR info) {
  if (slot != FAKE_SLOT) return CKR_SLOT_ID_INVALID;
  memset(info, 0, sizeof *info);
  pad(info->slotDescription, sizeof info->slotDescription, "fake reader");
  pad(info->manufacturerID, sizeof info->manufacturerID, "Trust Vault tests");
  info->flags = CKF_TOKEN_PRESENT | CKF_REMOVABLE_DEVICE | CKF_HW_SLOT;
  return CKR_OK;
}

static CK_RV fake_get_token_info(CK_SLOT_ID slot, CK_TOKEN_INFO_PTR info) {
  if (slot != FAKE_SLOT) return CKR_SLOT_ID_INVALID;
  memset(info, 0, sizeof *info);
  pad(info->label, sizeof info->label, "locked");
  pad(info->manufacturerID, sizeof info->manufacturerID, "Trust Vault tests");
  pad(info->model, sizeof info->model, "fake");
  pad(info->serialNumber, sizeof info->serialNumber, "FAKE0001");
  info->flags = CKF_TOKEN_INITIALIZED | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED | CKF_USER_PIN_COUNT_LOW |
                CKF_USER_PIN_LOCKED;
  info->firmwareVersion.major = 5;
  info->firmwareVersion.minor = 4;
  return CKR_OK;
}

static CK_RV fake_open_session(CK_SLOT_ID slot, CK_FLAGS flags, CK_VOID_PTR app, CK_NOTIFY notify, CK_SESSION_HANDLE_PTR session) {
  (void)flags, (void)app, (void)notify;
  if (slot != FAKE_SLOT) return CKR_SLOT_ID_INVALID;
  *session = FAKE_SESSION;
  return CKR_OK;
}

static CK_RV fake_close_session(CK_SESSION_HANDLE session) {
  return session == FAKE_SESSION ? CKR_OK : CKR_SESSION_HANDLE_INVALID;
}

static CK_RV fake_get_session_info(CK_SESSION_HANDLE session, CK_SESSION_INFO_PTR info) {
  if (session != FAKE_SESSION) return CKR_SESSION_HANDLE_INVALID;
  memset(info, 0, sizeof *info);
  info->slotID = FAKE_SLOT;
  info->state = CKS_RW_PUBLIC_SESSION;
  info->flags = CKF_SERIAL_SESSION | CKF_RW_SESSION;
  return CKR_OK;
}

static CK_RV fake_login(CK_SESSION_HANDLE session, CK_USER_TYPE user, CK_UTF8CHAR_PTR pin, CK_ULONG pin_len) {
  (void)user, (void)pin, (void)pin_len;
  return session == FAKE_SESSION ? CKR_PIN_LOCKED : CKR_SESSION_HANDLE_INVALID;
}

static CK_FUNCTION_LIST functions;

CK_RV C_GetFunctionList(CK_FUNCTION_LIST_PTR_PTR list) {
  /* Fill every entry with "not supported" first: the struct is nothing but function pointers after the version. */
  CK_RV (**entry)(void) = (CK_RV (**)(void))((char *)&functions + offsetof(CK_FUNCTION_LIST, C_Initialize));
  size_t n = (sizeof functions - offsetof(CK_FUNCTION_LIST, C_Initialize)) / sizeof *entry;
  for (size_t i = 0; i < n; i++) entry[i] = not_supported;
  functions.version.major = 2;
  functions.version.minor = 40;
  functions.C_Initialize = fake_initialize;
  functions.C_Finalize = fake_finalize;
  functions.C_GetInfo = fake_get_info;
  functions.C_GetFunctionList = C_GetFunctionList;
  functions.C_GetSlotList = fake_get_slot_list;
  functions.C_GetSlotInfo = fake_get_slot_info;
  functions.C_GetTokenInfo = fake_get_token_info;
  functions.C_OpenSession = fake_open_session;
  functions.C_CloseSession = fake_close_session;
  functions.C_GetSessionInfo = fake_get_session_info;
  functions.C_Login = fake_login;
  *list = &functions;
  return CKR_OK;
}
