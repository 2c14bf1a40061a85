# Azure Linux on WSL: open Windows programs from the Linux shell through WSL interop.
if [ -d /mnt/c/Windows ] && [ -z "${AZL_WSL_PROFILE_LOADED:-}" ]; then
    AZL_WSL_PROFILE_LOADED=1
    export AZL_WSL_PROFILE_LOADED
fi
