# Keyless access from AWS Lambda to Spanner: Workload Identity Federation.
#
# A Spanner function's AWS execution role (named bluemarble-spanner-<function>-<region> by the CDK app) signs an
# sts:GetCallerIdentity request with its own short-lived AWS credentials; Google's STS verifies it against the AWS
# provider below and returns a federated token, which impersonates the functions' service account for a one-hour
# access token. No service-account key exists anywhere.

resource "google_service_account" "functions" {
  account_id   = var.functions_service_account_id
  display_name = "BlueMarble functions (AWS Lambda, federated)"
  description  = "Impersonated by the Spanner functions' AWS roles through the ${var.workload_identity_pool_id} pool; no keys."
}

resource "google_iam_workload_identity_pool" "aws" {
  workload_identity_pool_id = var.workload_identity_pool_id
  display_name              = "BlueMarble AWS functions"
  description               = "AWS execution roles of the BlueMarble Spanner functions (account ${var.aws_account_id})"
}

resource "google_iam_workload_identity_pool_provider" "aws" {
  workload_identity_pool_id          = google_iam_workload_identity_pool.aws.workload_identity_pool_id
  workload_identity_pool_provider_id = "aws-${var.aws_account_id}"
  display_name                       = "AWS ${var.aws_account_id}"

  aws {
    account_id = var.aws_account_id
  }

  # Google's documented mapping for AWS: the subject is the caller's ARN, and aws_role is the assumed role's ARN
  # without the session name (arn:aws:sts::<account>:assumed-role/<role name>).
  attribute_mapping = {
    "google.subject"     = "assertion.arn"
    "attribute.aws_role" = "assertion.arn.contains('assumed-role') ? assertion.arn.extract('{account_arn}assumed-role/') + 'assumed-role/' + assertion.arn.extract('assumed-role/{role_name}/') : assertion.arn"
  }

  # Only the Spanner functions' execution roles of that account may federate at all (not every principal of it).
  attribute_condition = "attribute.aws_role.startsWith('arn:aws:sts::${var.aws_account_id}:assumed-role/${var.aws_role_name_prefix}')"
}

# The federated principals (the roles admitted above) may impersonate the functions' service account.
resource "google_service_account_iam_member" "functions_federated" {
  service_account_id = google_service_account.functions.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "principalSet://iam.googleapis.com/${google_iam_workload_identity_pool.aws.name}/*"
}

locals {
  # What the CDK app passes to the functions as BLUEMARBLE_SPANNER_CREDENTIALS_CONFIG (via SSM). It names the pool,
  # provider and service account and says where the AWS credentials come from: it is not a secret. In Lambda the
  # Google auth library reads AWS_REGION and the role's credentials from the environment (the metadata URLs are
  # the fallback on EC2).
  credentials_config = jsonencode({
    type                              = "external_account"
    audience                          = "//iam.googleapis.com/${google_iam_workload_identity_pool_provider.aws.name}"
    subject_token_type                = "urn:ietf:params:aws:token-type:aws4_request"
    service_account_impersonation_url = "https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/${google_service_account.functions.email}:generateAccessToken"
    token_url                         = "https://sts.googleapis.com/v1/token"
    credential_source = {
      environment_id                 = "aws1"
      region_url                     = "http://169.254.169.254/latest/meta-data/placement/availability-zone"
      url                            = "http://169.254.169.254/latest/meta-data/iam/security-credentials"
      regional_cred_verification_url = "https://sts.{region}.amazonaws.com?Action=GetCallerIdentity&Version=2011-06-15"
    }
  })
}
