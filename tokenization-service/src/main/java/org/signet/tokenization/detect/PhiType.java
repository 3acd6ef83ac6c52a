package org.signet.tokenization.detect;

/**
 * The kinds of identifier a detector reports. Together they cover the 18 HIPAA Safe Harbor categories
 * (45 CFR 164.514(b)(2)): names; geographic subdivisions smaller than a state (ADDRESS, CITY, ZIP);
 * dates and ages over 89 (DATE, AGE); telephone and fax numbers; email; SSN; medical record numbers;
 * health plan beneficiary numbers; account numbers; certificate/licence numbers (LICENSE); vehicle ids;
 * device ids; URLs; IP addresses; biometric ids; full-face photographs; any other unique identifying number.
 * ORGANIZATION (hospitals, clinics, employers) is not a Safe Harbor kind on its own but narrows geography
 * and identity, so it is treated as PHI too.
 */
public enum PhiType {
    NAME, DATE, AGE, PHONE, FAX, EMAIL, ADDRESS, CITY, ZIP, ORGANIZATION, MRN, ACCOUNT, HEALTH_PLAN, SSN,
    LICENSE, VEHICLE, DEVICE, URL, IP, BIOMETRIC, PHOTO, OTHER_ID
}
