//! The fact catalogue: every fact key of the format, its value domain, the
//! risk dimension it feeds and what it means. This table is the single
//! source for the JSON Schema of `facts`, for hovers and for scoring.

use crate::freshness::EvidenceClass;
use serde::Serialize;

/// The eight scored risk dimensions.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    /// What happens to your data: training use, retention, residency, processors.
    DataHandling,
    /// Who owns outputs, indemnities, copyright exposure.
    IpExposure,
    /// Which governments can reach the vendor and your data.
    Jurisdiction,
    /// Certifications, audits, testing, incident history.
    Security,
    /// GDPR, EU AI Act, HIPAA and other regulatory standing.
    Regulatory,
    /// What the vendor discloses about models, data and practices.
    Transparency,
    /// Whether the vendor will be there: funding, ownership, key people.
    BusinessStability,
    /// The upstream models and providers the vendor relies on.
    DependencyChain,
}

impl Dimension {
    pub const ALL: [Dimension; 8] = [
        Dimension::DataHandling,
        Dimension::IpExposure,
        Dimension::Jurisdiction,
        Dimension::Security,
        Dimension::Regulatory,
        Dimension::Transparency,
        Dimension::BusinessStability,
        Dimension::DependencyChain,
    ];

    /// The key used in files (`data_handling`).
    pub fn key(self) -> &'static str {
        match self {
            Dimension::DataHandling => "data_handling",
            Dimension::IpExposure => "ip_exposure",
            Dimension::Jurisdiction => "jurisdiction",
            Dimension::Security => "security",
            Dimension::Regulatory => "regulatory",
            Dimension::Transparency => "transparency",
            Dimension::BusinessStability => "business_stability",
            Dimension::DependencyChain => "dependency_chain",
        }
    }

    /// A human title ("Data handling").
    pub fn title(self) -> &'static str {
        match self {
            Dimension::DataHandling => "Data handling",
            Dimension::IpExposure => "IP exposure",
            Dimension::Jurisdiction => "Jurisdiction",
            Dimension::Security => "Security",
            Dimension::Regulatory => "Regulatory compliance",
            Dimension::Transparency => "Transparency",
            Dimension::BusinessStability => "Business stability",
            Dimension::DependencyChain => "Dependency chain",
        }
    }

    pub fn from_key(key: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.key() == key)
    }
}

impl std::fmt::Display for Dimension {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.key())
    }
}

/// The values a fact may take (besides `not_disclosed` and `contradictory`,
/// which every fact accepts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Domain {
    /// `yes | no | not_disclosed | contradictory`
    State,
    /// `low | medium | high | critical | not_disclosed`
    Level,
    /// One of the listed words.
    Enum(&'static [&'static str]),
    /// ISO 3166-1 alpha-2 country code.
    Country,
    /// A list of ISO 3166-1 alpha-2 country codes.
    Countries,
    /// An http(s) URL.
    Url,
    /// Free text.
    Text,
    /// A whole number (the unit is in the key name, e.g. `_days`).
    Integer,
}

pub const STATE_VALUES: &[&str] = &["yes", "no", "not_disclosed", "contradictory"];
pub const LEVEL_VALUES: &[&str] = &["low", "medium", "high", "critical"];
pub const NOT_DISCLOSED: &str = "not_disclosed";
/// The analyst's word that a fact does not apply to this vendor: accepted
/// by every fact, never scored (give the reason in `note` or a `cite`).
/// `regulatory.eu_ai_act_role` has it as a value of its own domain
/// ("outside the AI Act"), scored by its rubric row.
pub const NOT_APPLICABLE: &str = "not_applicable";
pub const CONTRADICTORY: &str = "contradictory";

impl Domain {
    /// The words this domain accepts, markers included, when it is a closed
    /// set (`None` for countries, URLs, text and integers).
    pub fn words(self) -> Option<Vec<&'static str>> {
        let base: &[&str] = match self {
            Domain::State => {
                let mut v = STATE_VALUES.to_vec();
                v.push(NOT_APPLICABLE);
                return Some(v);
            }
            Domain::Level => LEVEL_VALUES,
            Domain::Enum(values) => values,
            _ => return None,
        };
        let mut v = base.to_vec();
        for m in [NOT_DISCLOSED, CONTRADICTORY, NOT_APPLICABLE] {
            if !v.contains(&m) {
                v.push(m);
            }
        }
        Some(v)
    }

    /// Whether a value node is within this domain (markers included).
    pub fn accepts(self, node: &dossier_syntax::Node) -> bool {
        use dossier_syntax::ScalarKind;
        let word = node
            .as_scalar()
            .filter(|s| s.kind == ScalarKind::Str)
            .map(|s| s.value.as_str());
        if matches!(word, Some(NOT_DISCLOSED | CONTRADICTORY | NOT_APPLICABLE)) {
            return true;
        }
        let is_country = |w: &str| crate::countries::country_name(w).is_some();
        match self {
            Domain::State | Domain::Level | Domain::Enum(_) => {
                word.is_some_and(|w| self.words().unwrap_or_default().contains(&w))
            }
            Domain::Country => word.is_some_and(is_country),
            Domain::Countries => node
                .as_sequence()
                .is_some_and(|items| items.iter().all(|i| i.as_str().is_some_and(is_country))),
            Domain::Url => {
                word.is_some_and(|w| w.starts_with("http://") || w.starts_with("https://"))
            }
            Domain::Text => word.is_some(),
            Domain::Integer => {
                matches!(node.as_scalar().map(|s| s.kind), Some(ScalarKind::Int(i)) if i >= 0)
            }
        }
    }

    /// A short description for messages and hovers.
    pub fn describe(self) -> String {
        match self {
            Domain::Country => {
                "an ISO 3166-1 alpha-2 country code (e.g. `DE`), `not_disclosed`, `contradictory` or `not_applicable`"
                    .into()
            }
            Domain::Countries => {
                "a list of ISO 3166-1 alpha-2 country codes, `not_disclosed`, `contradictory` or `not_applicable`"
                    .into()
            }
            Domain::Url => "an http(s) URL, `not_disclosed`, `contradictory` or `not_applicable`".into(),
            Domain::Text => "free text, `not_disclosed`, `contradictory` or `not_applicable`".into(),
            Domain::Integer => "a whole number, `not_disclosed`, `contradictory` or `not_applicable`".into(),
            _ => self
                .words()
                .unwrap_or_default()
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }
}

/// One catalogue entry.
#[derive(Clone, Copy, Debug)]
pub struct FactDef {
    pub section: &'static str,
    pub key: &'static str,
    pub domain: Domain,
    pub dimension: Dimension,
    /// Short label, as a procurement pack would print it.
    pub title: &'static str,
    /// What the fact means and why it matters for risk.
    pub description: &'static str,
    /// The evidence class whose freshness window applies to a `yes` of this
    /// fact (its `as_of`), if its evidence goes stale.
    pub freshness: Option<EvidenceClass>,
    /// The vendor kinds the fact applies to. A fact that does not apply to
    /// the dossier's `vendor.kind` is not scored unless the dossier sets it.
    pub applies: Applies,
}

/// Which vendors a catalogue fact applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applies {
    /// Every vendor.
    All,
    /// Vendors whose product is or embeds AI models: not a plain
    /// `cloud_provider` or `data_processor` (model training, model outputs,
    /// AI governance and regulation).
    AiVendors,
}

impl Applies {
    /// Does a fact with this applicability apply to a vendor of `kind`
    /// (unknown kinds: yes, the fact is scored)?
    pub fn to(self, kind: Option<crate::types::VendorKind>) -> bool {
        use crate::types::VendorKind as K;
        match self {
            Applies::All => true,
            Applies::AiVendors => !matches!(kind, Some(K::CloudProvider | K::DataProcessor)),
        }
    }

    /// The vendor kinds it does not apply to, for hovers and docs.
    pub fn excluded(self) -> &'static [&'static str] {
        match self {
            Applies::All => &[],
            Applies::AiVendors => &["cloud_provider", "data_processor"],
        }
    }
}

/// A section of `facts`.
#[derive(Clone, Copy, Debug)]
pub struct SectionDef {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

pub const SECTIONS: &[SectionDef] = &[
    SectionDef { name: "security_compliance", title: "Compliance posture", description: "Security certifications and regulatory compliance claims: audits, certificates and frameworks the vendor says it meets." },
    SectionDef { name: "data_handling", title: "Data handling", description: "What the vendor does with customer data: training use, retention, deletion, encryption, processors and residency." },
    SectionDef { name: "ip_profile", title: "IP profile", description: "Who owns inputs and outputs, what the vendor indemnifies, and what is known about training-data provenance." },
    SectionDef { name: "jurisdiction", title: "Jurisdiction", description: "Where the vendor is incorporated, which states' laws reach its data, and the risks that follow." },
    SectionDef { name: "governance", title: "Governance", description: "Transparency and AI governance practice: model cards, transparency reports, ethics board, safety testing, red teaming." },
    SectionDef { name: "regulatory", title: "Regulatory (EU AI Act and GDPR)", description: "EU AI Act role and obligations, GPAI Code of Practice, GDPR representative, EU residency and transfer frameworks." },
    SectionDef { name: "security_controls", title: "Security controls", description: "The security practices behind the certificates: authentication, key management, incident response, vulnerability management, backups and continuity, logging, secure development, personnel, exit and suppliers. A filled CAIQ or AI-CAIQ settles most of them." },
    SectionDef { name: "business", title: "Business stability", description: "Signals about the vendor's continuity: departures, ownership changes, going-concern doubts, funding stage." },
    SectionDef { name: "dependencies", title: "Dependencies", description: "Upstream models and suppliers the vendor relies on, and how it manages their risk." },
];

use Dimension as D;
use Domain::*;

const TRAINING_USE: &[&str] = &["no", "opt_in", "opt_out_available", "yes"];

macro_rules! fact {
    ($section:literal, $key:literal, $domain:expr, $dim:expr, $title:literal, $desc:literal $(, stale: $class:ident)? $(, applies: $applies:ident)?) => {
        FactDef {
            section: $section,
            key: $key,
            domain: $domain,
            dimension: $dim,
            title: $title,
            description: $desc,
            freshness: fact!(@fresh $($class)?),
            applies: fact!(@applies $($applies)?),
        }
    };
    (@fresh) => { None };
    (@fresh $class:ident) => { Some(EvidenceClass::$class) };
    (@applies) => { Applies::All };
    (@applies $applies:ident) => { Applies::$applies };
}

pub const FACTS: &[FactDef] = &[
    // security_compliance: security
    fact!("security_compliance", "soc2_type2", State, D::Security, "SOC 2 Type II", "An independent auditor tested the vendor's controls over a period (usually 6 to 12 months). The strongest common evidence that security controls operate, not just exist.", stale: Soc2Report),
    fact!("security_compliance", "soc2_type1", State, D::Security, "SOC 2 Type I", "An auditor checked the design of controls at a single point in time. Weaker than Type II: it says nothing about whether controls worked over time.", stale: Soc2Report),
    fact!("security_compliance", "iso_27001", State, D::Security, "ISO/IEC 27001", "Certified information security management system. Check the scope statement covers the services you buy, and the version (27001:2013 certificates lapsed on 2025-10-31).", stale: IsoCertificate),
    fact!("security_compliance", "csa_star", State, D::Security, "CSA STAR", "Cloud Security Alliance STAR registry entry (Level 1 self-assessment or Level 2 third-party audit).", stale: CsaStarL1),
    fact!("security_compliance", "c5", State, D::Security, "BSI C5", "German Federal Office for Information Security (BSI) Cloud Computing Compliance Criteria Catalogue attestation."),
    fact!("security_compliance", "pen_test_summary_available", State, D::Security, "Penetration test summary available", "The vendor shares a summary of recent independent penetration tests on request."),
    // security_compliance: regulatory
    fact!("security_compliance", "iso_42001", State, D::Regulatory, "ISO/IEC 42001 (AI management system)", "Certified AI management system: governance of AI development and use, the AI counterpart of ISO 27001.", stale: IsoCertificate, applies: AiVendors),
    fact!("security_compliance", "fedramp", State, D::Regulatory, "FedRAMP authorized", "US federal cloud authorization. Relevant for US public-sector buyers; a strong signal of control maturity elsewhere."),
    fact!("security_compliance", "gdpr_compliant", State, D::Regulatory, "GDPR compliant", "The vendor claims compliance with the EU General Data Protection Regulation for the services in scope."),
    fact!("security_compliance", "ccpa_compliant", State, D::Regulatory, "CCPA compliant", "The vendor claims compliance with the California Consumer Privacy Act."),
    fact!("security_compliance", "hipaa_compliant", State, D::Regulatory, "HIPAA compliant", "The vendor claims its services can be used for US protected health information under HIPAA."),
    fact!("security_compliance", "nist_ai_rmf_aligned", State, D::Regulatory, "NIST AI RMF aligned", "The vendor states alignment with the NIST AI Risk Management Framework 1.0.", applies: AiVendors),
    fact!("security_compliance", "eu_cloud_coc", State, D::Regulatory, "EU Cloud Code of Conduct", "Services verified as adherent to the EU Cloud Code of Conduct (GDPR Art. 40) by its monitoring body; see the attestation for level and validity.", stale: EuCloudCoc),
    // data_handling
    fact!("data_handling", "trains_on_user_data", Enum(TRAINING_USE), D::DataHandling, "Trains on user data", "Whether customer inputs are used to train the vendor's models: `no`, only if the customer opts in, unless the customer opts out, or always.", applies: AiVendors),
    fact!("data_handling", "outputs_feed_model_improvement", Enum(TRAINING_USE), D::DataHandling, "Outputs feed model improvement", "Whether model outputs and feedback on them are used to improve the vendor's models.", applies: AiVendors),
    fact!("data_handling", "retention_period_days", Integer, D::DataHandling, "Data retention period (days)", "How long customer content is kept by default, in days."),
    fact!("data_handling", "deletion_on_request", State, D::DataHandling, "Deletion on request", "The vendor deletes customer data on request, ideally with a stated SLA."),
    fact!("data_handling", "encryption_at_rest", State, D::DataHandling, "Encryption at rest", "Stored customer data is encrypted (note the algorithm and key management in `detail`)."),
    fact!("data_handling", "encryption_in_transit", State, D::DataHandling, "Encryption in transit", "Data is encrypted on the wire (TLS 1.2 or later)."),
    fact!("data_handling", "dpa_available", State, D::DataHandling, "DPA available", "A data processing agreement (GDPR Art. 28) is offered to customers."),
    fact!("data_handling", "public_subprocessor_list", State, D::DataHandling, "Public subprocessor list", "The vendor publishes the subprocessors that may touch customer data."),
    fact!("data_handling", "hipaa_baa_available", State, D::DataHandling, "HIPAA BAA available", "The vendor will sign a HIPAA Business Associate Agreement."),
    fact!("data_handling", "default_data_residency", Country, D::DataHandling, "Default data residency", "Country where customer data is stored unless the customer chooses otherwise."),
    fact!("data_handling", "data_residency_options", Countries, D::DataHandling, "Data residency options", "Countries the customer can choose for storage and processing."),
    // ip_profile
    fact!("ip_profile", "user_owns_outputs", Enum(&["yes", "conditional", "no"]), D::IpExposure, "User owns outputs", "Whether the terms assign ownership of outputs to the customer, with conditions, or not.", applies: AiVendors),
    fact!("ip_profile", "vendor_claims_output_rights", State, D::IpExposure, "Vendor claims output rights", "The vendor reserves rights (licence, ownership) over outputs generated for the customer.", applies: AiVendors),
    fact!("ip_profile", "input_ip_protection", Enum(&["strong", "moderate", "weak"]), D::IpExposure, "Input IP protection", "How well the terms protect the customer's confidential inputs and IP."),
    fact!("ip_profile", "indemnification", State, D::IpExposure, "Indemnification", "The vendor indemnifies customers against third-party IP claims over outputs.", applies: AiVendors),
    fact!("ip_profile", "copyright_shield", State, D::IpExposure, "Copyright shield program", "A named programme that defends customers against copyright claims over outputs.", applies: AiVendors),
    fact!("ip_profile", "commercial_use_permitted", State, D::IpExposure, "Commercial use permitted", "The licence or terms allow commercial use of the models and outputs.", applies: AiVendors),
    fact!("ip_profile", "training_data_provenance", Enum(&["disclosed", "partially_disclosed", "undisclosed"]), D::IpExposure, "Training data provenance", "How much the vendor discloses about where its training data came from.", applies: AiVendors),
    fact!("ip_profile", "known_ip_lawsuits", State, D::IpExposure, "Known IP lawsuits", "Pending or past IP litigation over the vendor's models or training data.", applies: AiVendors),
    // jurisdiction
    fact!("jurisdiction", "incorporation_country", Country, D::Jurisdiction, "Incorporation country", "Country where the contracting or parent entity is incorporated."),
    fact!("jurisdiction", "incorporation_risk", Level, D::Jurisdiction, "Incorporation jurisdiction risk", "Analyst's rating of the legal risk of the incorporation jurisdiction."),
    fact!("jurisdiction", "government_data_access_risk", Level, D::Jurisdiction, "Government data access risk", "Risk that a state can compel access to customer data (e.g. CLOUD Act, PRC Data Security Law)."),
    fact!("jurisdiction", "sanctions_risk", Level, D::Jurisdiction, "Sanctions risk", "Risk that sanctions or export controls disrupt the service or the contract."),
    fact!("jurisdiction", "subject_to_us", State, D::Jurisdiction, "Subject to US jurisdiction", "An entity in the data path is subject to US law (e.g. the CLOUD Act, FISA 702)."),
    fact!("jurisdiction", "subject_to_eu", State, D::Jurisdiction, "Subject to EU jurisdiction", "An entity in the data path is subject to EU law."),
    fact!("jurisdiction", "subject_to_cn", State, D::Jurisdiction, "Subject to China jurisdiction", "An entity in the data path is subject to PRC law (Data Security Law, PIPL, National Intelligence Law)."),
    fact!("jurisdiction", "subject_to_ru", State, D::Jurisdiction, "Subject to Russia jurisdiction", "An entity in the data path is subject to Russian law."),
    fact!("jurisdiction", "five_eyes_aligned", State, D::Jurisdiction, "Five Eyes aligned", "The vendor's home jurisdiction is a Five Eyes country."),
    fact!("jurisdiction", "adequate_privacy_jurisdiction", State, D::Jurisdiction, "Adequate privacy jurisdiction", "The home jurisdiction has an EU adequacy decision."),
    // governance
    fact!("governance", "publishes_model_cards", State, D::Transparency, "Publishes model cards", "Model cards or technical reports document intended use, limitations and evaluations.", applies: AiVendors),
    fact!("governance", "publishes_transparency_reports", State, D::Transparency, "Publishes transparency reports", "Regular reports on government data requests and content actions."),
    fact!("governance", "ai_ethics_board", State, D::Transparency, "AI ethics board", "A standing body with authority over AI ethics questions.", applies: AiVendors),
    fact!("governance", "safety_testing_disclosed", State, D::Transparency, "Safety testing disclosed", "The vendor publishes how models are safety-tested before release.", applies: AiVendors),
    fact!("governance", "red_teaming_program", State, D::Transparency, "Red-teaming program", "Internal or external adversarial testing of models (prompt injection, jailbreaks, misuse).", applies: AiVendors),
    fact!("governance", "government_contracts", State, D::Transparency, "Government contracts", "The vendor holds government or defence contracts (context for conflicts and access)."),
    fact!("governance", "terms_of_service", Url, D::Transparency, "Terms of service", "Where the current terms of service are published."),
    fact!("governance", "privacy_policy", Url, D::Transparency, "Privacy policy", "Where the current privacy policy is published."),
    // regulatory
    fact!("regulatory", "eu_ai_act_role", Enum(&["provider", "deployer", "gpai_provider", "gpai_provider_systemic_risk", "importer", "distributor", "not_applicable"]), D::Regulatory, "EU AI Act role", "The vendor's role under Regulation (EU) 2024/1689, which decides its obligations.", applies: AiVendors),
    fact!("regulatory", "gpai_code_of_practice_signatory", State, D::Regulatory, "GPAI Code of Practice signatory", "The vendor signed the EU General-Purpose AI Code of Practice (final version July 2025).", applies: AiVendors),
    fact!("regulatory", "gdpr_eu_representative", State, D::Regulatory, "GDPR EU representative", "A non-EU vendor has appointed an EU representative (GDPR Art. 27)."),
    fact!("regulatory", "eu_data_residency_option", State, D::Regulatory, "EU data residency option", "Customers can keep data and processing inside the EU."),
    fact!("regulatory", "data_privacy_framework_certified", State, D::Regulatory, "EU-US Data Privacy Framework", "The vendor (or its US entity) is certified under the EU-US Data Privacy Framework."),
    // security_controls: what a filled CAIQ settles
    fact!("security_controls", "mfa_enforced", State, D::Security, "Multi-factor authentication", "Multi-factor authentication is required for access to systems and data, at least for privileged users and access to sensitive data. Stolen passwords are the commonest way in."),
    fact!("security_controls", "sso_supported", State, D::Security, "Single sign-on", "Customers can sign in through their own identity provider (SAML or OpenID Connect), so joiners, leavers and MFA follow the customer's own policy."),
    fact!("security_controls", "access_reviews", State, D::Security, "Access reviews", "User and privileged access is reviewed and revalidated at a set interval, so rights that are no longer needed are removed."),
    fact!("security_controls", "least_privilege", State, D::Security, "Least privilege", "Staff and systems get only the access their role needs."),
    fact!("security_controls", "key_management", State, D::Security, "Key management", "Encryption keys are managed over their whole life: generated with approved libraries, rotated on a schedule, revoked and destroyed."),
    fact!("security_controls", "customer_managed_keys", State, D::Security, "Customer-managed keys", "Customers can manage their own encryption keys (bring or hold your own key), and so cut off access to their data."),
    fact!("security_controls", "incident_response_plan", State, D::Security, "Incident response plan", "A security incident response plan exists that includes informing affected customers."),
    fact!("security_controls", "incident_response_tested", State, D::Security, "Incident response tested", "The incident response plan is exercised at planned intervals and after significant changes."),
    fact!("security_controls", "breach_notification", State, D::Security, "Breach notification", "Security breaches, including suspected ones and those at suppliers, are reported to customers as contracts, laws and regulations require."),
    fact!("security_controls", "breach_notification_hours", Integer, D::Security, "Breach notification deadline (hours)", "How many hours after discovering a breach the vendor commits to notify customers (GDPR gives controllers 72 hours, so a processor should be faster)."),
    fact!("security_controls", "vulnerability_management", State, D::Security, "Vulnerability management", "Managed assets are scanned for vulnerabilities regularly, and findings are tracked to remediation."),
    fact!("security_controls", "vulnerability_remediation_sla_days", Integer, D::Security, "Critical vulnerability remediation (days)", "How many days the vendor takes at most to fix a critical vulnerability."),
    fact!("security_controls", "penetration_testing", State, D::Security, "Independent penetration tests", "Independent third parties test the service for exploitable weaknesses at regular intervals."),
    fact!("security_controls", "backups_tested", State, D::Security, "Backups restorable", "Customer data is backed up, and restoring from the backups is tested."),
    fact!("security_controls", "business_continuity_plan", State, D::Security, "Business continuity plan", "A documented plan keeps the service running, or restores it, through a disruption."),
    fact!("security_controls", "disaster_recovery_tested", State, D::Security, "Disaster recovery exercised", "The disaster response plan is exercised at least yearly and after significant changes."),
    fact!("security_controls", "security_monitoring", State, D::Security, "Security monitoring and alerting", "Security events in applications and infrastructure are logged, monitored and raise alerts to people who act on them."),
    fact!("security_controls", "audit_log_protection", State, D::Security, "Audit log protection", "Audit logs are protected against tampering and kept for a defined period, so an incident can be reconstructed."),
    fact!("security_controls", "secure_sdlc", State, D::Security, "Secure development lifecycle", "Security requirements are part of how software is designed, built, tested and deployed."),
    fact!("security_controls", "application_security_testing", State, D::Security, "Application security testing", "New systems and releases pass security tests before they go live."),
    fact!("security_controls", "change_management", State, D::Security, "Change management", "Changes to production are approved, tested against baselines and released under control."),
    fact!("security_controls", "personnel_screening", State, D::Security, "Personnel screening", "New staff and contractors are background-checked as local law allows, in proportion to the data they will reach."),
    fact!("security_controls", "security_awareness_training", State, D::Security, "Security awareness training", "All staff take security awareness training, refreshed regularly."),
    fact!("security_controls", "tenant_isolation", State, D::Security, "Tenant isolation", "One customer's data and access are segmented from other customers' and from the vendor's own."),
    fact!("security_controls", "secure_data_disposal", State, D::Security, "Secure disposal", "Data is erased from storage media so that it cannot be recovered."),
    fact!("security_controls", "model_integrity_checks", State, D::Security, "Model integrity checks", "Model checkpoints are hashed and compared to detect unauthorised changes (an AI-CAIQ question)."),
    fact!("security_controls", "deletion_at_contract_end", State, D::DataHandling, "Data returned and deleted at contract end", "The contract says how customer data is handed back at termination, for how long it is kept, and how it is deleted."),
    fact!("security_controls", "data_portability", State, D::DependencyChain, "Data portability", "Customers can retrieve their data through an interface in a usable format, which keeps the exit open."),
    fact!("security_controls", "supplier_risk_management", State, D::DependencyChain, "Supplier risk management", "The vendor reviews the risks of its own suppliers periodically, so a weak subcontractor does not become the customer's problem."),
    // business
    fact!("business", "key_person_departures", State, D::BusinessStability, "Key-person departures", "Founders or technical leads have recently left."),
    fact!("business", "recent_ownership_change", State, D::BusinessStability, "Recent ownership change", "The vendor was acquired, merged or changed control recently."),
    fact!("business", "going_concern_doubt", State, D::BusinessStability, "Going-concern doubt", "Auditors or filings raise doubt about the vendor's ability to continue."),
    fact!("business", "funding_stage", Enum(&["public", "late", "growth", "early", "bootstrapped"]), D::BusinessStability, "Funding stage", "How the vendor is financed, as a proxy for runway and acquisition risk."),
    // dependencies
    fact!("dependencies", "foundation_model_dependencies_disclosed", State, D::DependencyChain, "Foundation-model dependencies disclosed", "The vendor names the upstream models its products rely on.", applies: AiVendors),
    fact!("dependencies", "open_weights_available", State, D::DependencyChain, "Open weights available", "Model weights can be self-hosted, reducing lock-in and data exposure.", applies: AiVendors),
    fact!("dependencies", "upstream_model_risk_mitigation", State, D::DependencyChain, "Upstream-model risk mitigation", "The vendor describes how it manages risk from upstream models and suppliers."),
];

/// The catalogue entry for `section.key`.
pub fn fact(section: &str, key: &str) -> Option<&'static FactDef> {
    FACTS.iter().find(|f| f.section == section && f.key == key)
}

/// The section definition for a `facts` key.
pub fn section(name: &str) -> Option<&'static SectionDef> {
    SECTIONS.iter().find(|s| s.name == name)
}

/// The catalogue entries of one section, in catalogue order.
pub fn section_facts(name: &str) -> impl Iterator<Item = &'static FactDef> + '_ {
    FACTS.iter().filter(move |f| f.section == name)
}

/// Keys starting with this prefix are extensions: kept, cited, not scored.
pub const EXTENSION_PREFIX: &str = "x_";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_section_has_facts_and_keys_are_unique() {
        for s in SECTIONS {
            assert!(section_facts(s.name).count() > 0, "{}", s.name);
        }
        let mut seen = std::collections::HashSet::new();
        for f in FACTS {
            assert!(section(f.section).is_some(), "{}", f.section);
            assert!(
                seen.insert((f.section, f.key)),
                "duplicate {}.{}",
                f.section,
                f.key
            );
        }
        assert_eq!(FACTS.len(), 91);
    }
}
